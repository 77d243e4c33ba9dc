import { roundToDecimals } from '@medrank/core';
import type { Database } from '@medrank/db';
import { rankStats } from '@medrank/db';
import { rankStatistics } from '@medrank/metrics';
import type { Logger } from 'pino';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { describeMetric } from '@medrank/metrics/catalog';

export interface ComputeRankStatsDeps {
  db: Database;
  logger: Logger;
}

/**
 * P(best) is a share of bootstrap replicates; at full precision (e.g. 0.437 of 1,000) a change
 * of one replicate is visible and, with the shared resample indices, says something about single
 * cases. Two decimals are what the board shows (a percentage).
 */
const P_BEST_DECIMALS = 2;

/** Clock differences between the enqueuing process and Postgres tolerated by the skip rule. */
const CLOCK_MARGIN_MS = 2_000;

export type ComputeRankStatsOutcome =
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'written' | 'superseded'; entries: number; metrics: number };

/**
 * Recomputes a test set's rank statistics at its ranked version, for every computed metric,
 * among visible, non-baseline, verified entries: rank interval, P(best) and tier from the stored
 * bootstrap replicates (see docs/boards.md), replacing the previous rows in one transaction.
 *
 * Never stale: each trigger (a new evaluation, a rescore, a moderation change) has its own job,
 * committed after its change; a run reads from a snapshot taken when it starts, so a job is only
 * skipped when statistics from a snapshot taken after the job was enqueued are already stored.
 */
export async function handleComputeRankStats(
  { db, logger }: ComputeRankStatsDeps,
  { testSetId }: { testSetId: string },
  { enqueuedAt }: { enqueuedAt: number },
): Promise<ComputeRankStatsOutcome> {
  if (await rankStats.isCoveredSince(db, testSetId, new Date(enqueuedAt + CLOCK_MARGIN_MS)))
    return { outcome: 'skipped', reason: 'statistics computed after this trigger are stored' };
  const inputs = await rankStats.loadRankInputs(db, testSetId);
  if (!inputs) return { outcome: 'skipped', reason: 'test set no longer exists' };
  const rows: rankStats.RankStatRow[] = [];
  for (const metric of inputs.track.metrics) {
    // Entries without a value or without replicates (scored before replicates were stored)
    // cannot be placed; they get no statistics rather than invented ones.
    const ranked = inputs.entries.flatMap((e) => {
      const value = e.values[metric];
      const replicates = e.replicates[metric];
      return value === null || value === undefined || !replicates
        ? []
        : [{ evaluationId: e.evaluationId, value, replicates }];
    });
    if (ranked.length === 0) continue;
    const replicateCount = ranked[0]!.replicates.length;
    const comparable = ranked.filter((r) => r.replicates.length === replicateCount);
    const { entries } = rankStatistics({
      replicateValues: comparable.map((r) => r.replicates),
      pointEstimates: comparable.map((r) => r.value),
      higherIsBetter: describeMetric(metric, inputs.track.taskConfig).higherIsBetter,
    });
    comparable.forEach((r, i) => {
      const stat = entries[i]!;
      if (Number.isNaN(stat.rankInterval[0]) || Number.isNaN(stat.probabilityBest)) return;
      rows.push({
        evaluationId: r.evaluationId,
        metric,
        rankLow: stat.rankInterval[0],
        rankHigh: stat.rankInterval[1],
        tier: stat.tier,
        pBest: roundToDecimals(stat.probabilityBest, P_BEST_DECIMALS) ?? 0,
        entryCount: comparable.length,
      });
    });
    await yieldToEventLoop();
  }
  const { written } = await rankStats.replaceRankStats(db, {
    testSetId,
    version: inputs.version,
    snapshotAt: inputs.snapshotAt,
    rows,
  });
  logger.info(
    {
      testSetId,
      version: inputs.version,
      entries: inputs.entries.length,
      rows: rows.length,
      written,
    },
    'rank statistics computed',
  );
  return {
    outcome: written ? 'written' : 'superseded',
    entries: inputs.entries.length,
    metrics: inputs.track.metrics.length,
  };
}
