import { AppError } from '@medrank/core';
import type { Database } from '../client.js';
import type { Prisma } from '../client.js';
import { enqueueRankStatsInTx } from './rank-stats.js';

export type ModerationAction =
  'hide' | 'disqualify' | 'restore' | 'mark-baseline' | 'unmark-baseline';

export interface ModerationChange {
  kind: 'verified' | 'reported';
  id: string;
  action: ModerationAction;
  reason: string | null;
  baselineKind: string | null;
}

export interface ModeratedEntryDto {
  kind: 'verified' | 'reported';
  id: string;
  name: string;
  moderation: 'VISIBLE' | 'HIDDEN' | 'DISQUALIFIED';
  moderationReason: string | null;
  baselineKind: string | null;
}

function changeFor(action: ModerationAction, reason: string | null, baselineKind: string | null) {
  switch (action) {
    case 'hide':
      return { moderation: 'HIDDEN' as const, moderationReason: reason };
    case 'disqualify':
      return { moderation: 'DISQUALIFIED' as const, moderationReason: reason };
    case 'restore':
      return { moderation: 'VISIBLE' as const, moderationReason: null };
    case 'mark-baseline':
      return { baselineKind };
    case 'unmark-baseline':
      return { baselineKind: null };
  }
}

/**
 * Applies a moderation action to a verified (submission) or reported entry of the benchmark,
 * with its audit row, in one transaction.
 * @throws {AppError} NOT_FOUND when the entry does not belong to the benchmark.
 */
export async function moderate(
  db: Database,
  benchmarkId: string,
  change: ModerationChange,
  { actorId, slug }: { actorId: string; slug: string },
): Promise<ModeratedEntryDto> {
  return db.$transaction(async (tx) => {
    const data = changeFor(change.action, change.reason, change.baselineKind);
    let before: {
      moderation: string;
      moderationReason: string | null;
      baselineKind: string | null;
    };
    let result: ModeratedEntryDto;
    if (change.kind === 'verified') {
      const entry = await tx.submission.findFirst({
        where: { id: change.id, track: { benchmarkId } },
        select: {
          id: true,
          methodName: true,
          moderation: true,
          moderationReason: true,
          baselineKind: true,
        },
      });
      if (!entry)
        throw new AppError('NOT_FOUND', `no verified entry ${change.id} on benchmark ${slug}`);
      before = entry;
      const updated = await tx.submission.update({ where: { id: entry.id }, data });
      // Who is ranked changed: every test set of the track gets fresh rank statistics.
      const testSets = await tx.testSet.findMany({
        where: { track: { submissions: { some: { id: entry.id } } } },
        select: { id: true },
      });
      for (const testSet of testSets) await enqueueRankStatsInTx(tx, testSet.id);
      result = {
        kind: 'verified',
        id: updated.id,
        name: updated.methodName,
        moderation: updated.moderation,
        moderationReason: updated.moderationReason,
        baselineKind: updated.baselineKind,
      };
    } else {
      const entry = await tx.reportedEntry.findFirst({
        where: { id: change.id, benchmarkId },
        select: {
          id: true,
          modelName: true,
          moderation: true,
          moderationReason: true,
          baselineKind: true,
        },
      });
      if (!entry)
        throw new AppError('NOT_FOUND', `no reported entry ${change.id} on benchmark ${slug}`);
      before = entry;
      const updated = await tx.reportedEntry.update({ where: { id: entry.id }, data });
      result = {
        kind: 'reported',
        id: updated.id,
        name: updated.modelName,
        moderation: updated.moderation,
        moderationReason: updated.moderationReason,
        baselineKind: updated.baselineKind,
      };
    }
    await tx.auditLog.create({
      data: {
        actorId,
        action: `entry.${change.action}`,
        targetType: 'benchmark',
        targetId: benchmarkId,
        details: {
          target: `${change.kind} entry ${result.name}`,
          entryKind: change.kind,
          entryId: change.id,
          reason: change.reason,
          baselineKind: change.baselineKind,
          before: {
            moderation: before.moderation,
            moderationReason: before.moderationReason,
            baselineKind: before.baselineKind,
          },
        } as Prisma.InputJsonValue,
      },
    });
    return result;
  });
}

export interface VerifiedEntryForModerationDto {
  id: string;
  methodName: string;
  teamName: string;
  trackName: string;
  createdAt: string;
  moderation: 'VISIBLE' | 'HIDDEN' | 'DISQUALIFIED';
  moderationReason: string | null;
  baselineKind: string | null;
}

/**
 * Every scored entry of a benchmark, whatever its moderation state: boards leave hidden rows out,
 * and curators must still see them to restore them. Newest first.
 */
export async function listVerifiedEntries(
  db: Database,
  benchmarkId: string,
): Promise<VerifiedEntryForModerationDto[]> {
  const rows = await db.submission.findMany({
    where: { track: { benchmarkId }, status: 'SCORED' },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      methodName: true,
      createdAt: true,
      moderation: true,
      moderationReason: true,
      baselineKind: true,
      team: { select: { name: true } },
      track: { select: { name: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    methodName: r.methodName,
    teamName: r.team.name,
    trackName: r.track.name,
    createdAt: r.createdAt.toISOString(),
    moderation: r.moderation,
    moderationReason: r.moderationReason,
    baselineKind: r.baselineKind,
  }));
}
