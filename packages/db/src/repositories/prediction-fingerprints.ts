// Prediction fingerprints (hidden.prediction_fingerprints): the worker's record of what each
// scored-or-scoring submission predicted, in the canonical form near-duplicate detection compares
// (@medrank/scoring fingerprint/). Worker role only: the table is in the hidden schema.
import type { Database } from '../client.js';

/** A fingerprint as stored (same shape as @medrank/scoring's PredictionFingerprint). */
export interface FingerprintArrays {
  caseCount: number;
  /** Per case, a 32-bit key; stored little-endian uint32. */
  keys: Uint32Array;
  channels: number;
  /** Channel-major normalised ranks; stored little-endian uint16. Null when `channels` is 0. */
  ranks: Uint16Array | null;
}

/** Layout of `keys`: uint32 little-endian per case. */
export function encodeKeys(keys: Uint32Array): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(keys.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < keys.length; i++) view.setUint32(i * 4, keys[i]!, true);
  return bytes;
}

/** Layout of `ranks`: uint16 little-endian, channel-major. */
export function encodeRanks(ranks: Uint16Array): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(ranks.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < ranks.length; i++) view.setUint16(i * 2, ranks[i]!, true);
  return bytes;
}

/**
 * The stored fingerprint back as arrays.
 * @throws {Error} when the bytes do not fit the case and channel counts (a data-integrity bug).
 */
export function decodeFingerprint(row: {
  caseCount: number;
  keys: Uint8Array;
  ranks: Uint8Array | null;
  channels: number;
}): FingerprintArrays {
  const { caseCount, channels } = row;
  if (row.keys.byteLength !== caseCount * 4)
    throw new Error(
      `stored fingerprint keys have ${row.keys.byteLength} bytes for ${caseCount} cases`,
    );
  const keyView = new DataView(row.keys.buffer, row.keys.byteOffset, row.keys.byteLength);
  const keys = new Uint32Array(caseCount);
  for (let i = 0; i < caseCount; i++) keys[i] = keyView.getUint32(i * 4, true);
  if (channels === 0 || !row.ranks) return { caseCount, keys, channels: 0, ranks: null };
  if (row.ranks.byteLength !== channels * caseCount * 2)
    throw new Error(
      `stored fingerprint ranks have ${row.ranks.byteLength} bytes for ${channels} × ${caseCount}`,
    );
  const rankView = new DataView(row.ranks.buffer, row.ranks.byteOffset, row.ranks.byteLength);
  const ranks = new Uint16Array(channels * caseCount);
  for (let i = 0; i < ranks.length; i++) ranks[i] = rankView.getUint16(i * 2, true);
  return { caseCount, keys, channels, ranks };
}

/** An earlier submission whose fingerprint a new one is compared with, as its message names it. */
export interface EarlierSubmission {
  submissionId: string;
  methodName: string;
  createdAt: string;
  teamId: string;
  teamName: string;
  submittedById: string;
}

export interface NewFingerprint {
  submissionId: string;
  trackId: string;
  teamId: string;
  /** The submitting person (submissions.submittedById). */
  userId: string;
  fingerprint: FingerprintArrays;
}

export type NearDuplicateFinder = (
  earlier: { ref: EarlierSubmission; fingerprint: FingerprintArrays }[],
) => { ref: EarlierSubmission; changedCases: number } | null;

export type StoreFingerprintOutcome =
  | { outcome: 'stored' }
  /** A retried or duplicated job of the same submission: its fingerprint passed the check before. */
  | { outcome: 'already-stored' }
  | { outcome: 'near-duplicate'; match: { ref: EarlierSubmission; changedCases: number } };

/**
 * Compares a new submission's fingerprint with every earlier one on the same track of the same
 * team or the same person whose submission is not FAILED or CANCELLED (`findNearDuplicate`
 * decides), and stores it only when none is a near-duplicate, in one transaction under advisory
 * locks per (track, team) and (track, person). Two near-identical files submitted at once are
 * therefore checked one after the other: the second sees the first. The team lock is always taken
 * before the person lock, so two jobs never wait for each other in a cycle. A submission whose
 * fingerprint is already stored (a retried job) is not checked again.
 */
export async function storeUnlessNearDuplicate(
  db: Database,
  input: NewFingerprint,
  findNearDuplicate: NearDuplicateFinder,
): Promise<StoreFingerprintOutcome> {
  const { submissionId, trackId, teamId, userId, fingerprint } = input;
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`near-duplicate:team:${trackId}:${teamId}`}, 0))`;
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`near-duplicate:user:${trackId}:${userId}`}, 0))`;
      const own = await tx.predictionFingerprint.findUnique({
        where: { submissionId },
        select: { id: true },
      });
      if (own) return { outcome: 'already-stored' as const };
      const rows = await tx.$queryRaw<
        {
          submissionId: string;
          teamId: string;
          userId: string;
          caseCount: number;
          keys: Uint8Array;
          ranks: Uint8Array | null;
          channels: number;
          methodName: string;
          createdAt: Date;
          teamName: string;
        }[]
      >`
        SELECT f."submissionId", f."teamId", f."userId", f."caseCount", f.keys, f.ranks, f.channels,
               s."methodName", s."createdAt", t.name AS "teamName"
          FROM hidden.prediction_fingerprints f
          JOIN public.submissions s ON s.id = f."submissionId"
          JOIN public.teams t ON t.id = f."teamId"
         WHERE f."trackId" = ${trackId}
           AND (f."teamId" = ${teamId} OR f."userId" = ${userId})
           AND f."submissionId" <> ${submissionId}
           AND s.status NOT IN ('FAILED', 'CANCELLED')
         ORDER BY s."createdAt"`;
      const match = findNearDuplicate(
        rows.map((r) => ({
          ref: {
            submissionId: r.submissionId,
            methodName: r.methodName,
            createdAt: r.createdAt.toISOString(),
            teamId: r.teamId,
            teamName: r.teamName,
            submittedById: r.userId,
          },
          fingerprint: decodeFingerprint(r),
        })),
      );
      if (match) return { outcome: 'near-duplicate' as const, match };
      await tx.predictionFingerprint.create({
        data: {
          submissionId,
          trackId,
          teamId,
          userId,
          caseCount: fingerprint.caseCount,
          keys: encodeKeys(fingerprint.keys),
          ranks: fingerprint.ranks ? encodeRanks(fingerprint.ranks) : null,
          channels: fingerprint.channels,
        },
      });
      return { outcome: 'stored' as const };
    },
    // Waiting for the locks is part of the work: the default 5 s can pass while a large
    // team's comparison holds them.
    { timeout: 60_000, maxWait: 10_000 },
  );
}
