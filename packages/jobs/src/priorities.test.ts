import { describe, expect, it } from 'vitest';
import { RESCORE_PRIORITY, scoringPriorityForFileBytes } from './priorities.js';

const MiB = 1024 * 1024;

describe('scoringPriorityForFileBytes', () => {
  it('puts files up to 1 MiB first, then one class per doubling', () => {
    expect(scoringPriorityForFileBytes(undefined)).toBe(1);
    expect(scoringPriorityForFileBytes(0)).toBe(1);
    expect(scoringPriorityForFileBytes(300 * 1024)).toBe(1); // a 10,000-case CSV
    expect(scoringPriorityForFileBytes(MiB)).toBe(1);
    expect(scoringPriorityForFileBytes(MiB + 1)).toBe(2);
    expect(scoringPriorityForFileBytes(2 * MiB)).toBe(2);
    expect(scoringPriorityForFileBytes(100 * MiB)).toBe(8);
    expect(scoringPriorityForFileBytes(2048 * MiB)).toBe(12); // a 2 GiB volume archive
  });

  it('keeps rescoring behind every new submission', () => {
    expect(RESCORE_PRIORITY).toBeGreaterThan(scoringPriorityForFileBytes(2 ** 40));
  });
});
