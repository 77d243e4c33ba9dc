import type { BenchRow, Family, ReferenceTiming, Timing } from './types.js';

export function makeRow(
  family: Family,
  dataset: string,
  step: string,
  ours: Timing,
  oursCalls: string,
  reference: ReferenceTiming | null,
  extra: Pick<BenchRow, 'note' | 'parts' | 'variant'> = {},
): BenchRow {
  const ratio = reference && ours.bestMs > 0 ? reference.ms / ours.bestMs : null;
  return { family, dataset, step, ours, oursCalls, reference, ratio, ...extra };
}
