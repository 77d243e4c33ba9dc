// Order on the scoring queue: a small file is not stuck behind a big one. BullMQ takes the job
// with the lowest priority number first (first in, first out within one number), so a new
// submission gets a number from the size of its file: up to 1 MiB → 1, then one more per
// doubling (2 GiB → 12). A 10,000-case CSV (~300 KB) is taken before every waiting 3D volume;
// within a size class, order of arrival holds. Rescoring (a curator's run over every entry) comes
// after new submissions of any size: participants wait for their own results, a rescore run does
// not hurry. Strict priorities can starve the last class while smaller jobs keep arriving; a queue
// that drains (the pool scores hundreds of CSVs a minute) makes that theoretical, and each queue's
// depth per state is on /metrics.
const MiB = 1024 * 1024;

/** Priority of a new submission's scoring job from its file size (1 = first). */
export function scoringPriorityForFileBytes(fileBytes: number | undefined): number {
  // Rows written before the size was part of the payload: treated as small, as they were before.
  if (fileBytes === undefined || fileBytes <= MiB) return 1;
  return 1 + Math.ceil(Math.log2(fileBytes / MiB));
}

/** Rescore jobs come after every new submission (the largest size class is ~2^40 bytes → 41). */
export const RESCORE_PRIORITY = 64;
