import type { z } from 'zod';
import type { boardExportSchema } from '../../api-contract/boards';
import { csvLine } from '../../lib/csv';
import type { BoardRow, BoardView } from './board-types';

/**
 * The public export of one board: every entry with its rank, rank interval, tier, kind, each
 * metric's value and CI, and a model run's time per case (whole-run mean, p50, p95). Built field by field from the board view, so nothing the view may
 * carry beyond these public fields can ever reach a download. The type is the board operation's
 * schema (api-contract/boards.ts), so the export cannot drift from what the API documents.
 */
export type BoardExport = z.infer<typeof boardExportSchema>;
export type BoardExportEntry = BoardExport['entries'][number];

function toExportEntry(row: BoardRow, metricKeys: string[]): BoardExportEntry {
  const isDisqualified = row.moderation === 'DISQUALIFIED';
  return {
    kind: row.kind,
    id: row.id,
    rank: row.rank,
    rankLow: row.rankInterval?.[0] ?? null,
    rankHigh: row.rankInterval?.[1] ?? null,
    tier: row.tier,
    methodName: row.methodName,
    team: row.team?.name ?? null,
    institution: row.institution,
    date: row.date,
    openWeights: row.openWeights,
    baseline: row.baselineKind,
    disqualified: isDisqualified,
    disqualificationReason: isDisqualified ? row.moderationReason : null,
    scores: Object.fromEntries(
      metricKeys.map((key) => {
        const score = row.scores[key];
        return [
          key,
          {
            value: score?.value ?? null,
            ciLow: score?.ciLow ?? null,
            ciHigh: score?.ciHigh ?? null,
          },
        ];
      }),
    ),
    inference: row.inference
      ? {
          kind: row.inference.kind,
          meanMs: row.inference.meanMs,
          p50Ms: row.inference.p50Ms,
          p95Ms: row.inference.p95Ms,
        }
      : null,
  };
}

export function toBoardExport(view: BoardView): BoardExport {
  const metricKeys = view.columns.map((c) => c.key);
  return {
    benchmark: { slug: view.benchmark.slug, title: view.benchmark.title },
    track: {
      slug: view.track.slug,
      name: view.track.name,
      primaryMetric: view.track.primaryMetric,
    },
    testSet: {
      slug: view.testSet.slug,
      name: view.testSet.name,
      caseCount: view.testSet.caseCount,
      rankedVersion: view.testSet.rankedVersion,
      scoresHidden: view.testSet.scoresHidden,
      releaseAt: view.testSet.releaseAt,
      scoreDecimals: view.testSet.scoreDecimals,
    },
    sort: view.sort,
    metrics: view.columns.map(({ key, label, higherIsBetter, decimals }) => ({
      key,
      label,
      higherIsBetter,
      decimals,
    })),
    entries: view.entries.map((row) => toExportEntry(row, metricKeys)),
  };
}

export function toBoardCsv(board: BoardExport): string {
  const metricHeaders = board.metrics.flatMap((m) => [
    m.key,
    `${m.key}_ci_low`,
    `${m.key}_ci_high`,
  ]);
  const header = [
    'rank',
    'rank_low',
    'rank_high',
    'tier',
    'kind',
    'method',
    'team',
    'institution',
    'date',
    'open_weights',
    'baseline',
    'disqualified',
    'disqualification_reason',
    ...metricHeaders,
    'inference_ms_per_case',
    'inference_p50_ms',
    'inference_p95_ms',
    'inference_kind',
    'id',
  ];
  const lines = [csvLine(header)];
  for (const entry of board.entries) {
    const metricFields = board.metrics.flatMap((m) => {
      const score = entry.scores[m.key];
      return [score?.value ?? null, score?.ciLow ?? null, score?.ciHigh ?? null];
    });
    lines.push(
      csvLine([
        entry.rank,
        entry.rankLow,
        entry.rankHigh,
        entry.tier,
        entry.kind,
        entry.methodName,
        entry.team,
        entry.institution,
        entry.date,
        entry.openWeights,
        entry.baseline,
        entry.disqualified,
        entry.disqualificationReason,
        ...metricFields,
        entry.inference?.meanMs ?? null,
        entry.inference?.p50Ms ?? null,
        entry.inference?.p95Ms ?? null,
        entry.inference?.kind ?? null,
        entry.id,
      ]),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** A download name from the board's slugs, e.g. `vqa-rad_closed_test.csv`. */
export function boardFileName(board: BoardExport, extension: 'csv' | 'json'): string {
  const safe = (s: string) => s.replace(/[^a-z0-9._-]+/gi, '-');
  return `${safe(board.benchmark.slug)}_${safe(board.track.slug)}_${safe(board.testSet.slug)}.${extension}`;
}
