import { describe, expect, it } from 'vitest';
import { decideRescoreAfterBump } from './rescore-bookkeeping.js';

describe('decideRescoreAfterBump', () => {
  it('records a finished, empty run when the track has no scored submission, saying why', () => {
    expect(decideRescoreAfterBump({ scoredSubmissions: 0, reason: 'metrics changed' })).toEqual({
      needsRescore: false,
      emptyRunReason: 'metrics changed (no scored submissions to rescore)',
    });
  });

  it('waits for a rescore when one submission is scored', () => {
    expect(decideRescoreAfterBump({ scoredSubmissions: 1, reason: 'metrics changed' })).toEqual({
      needsRescore: true,
    });
  });

  it('waits for a rescore when many submissions are scored', () => {
    expect(
      decideRescoreAfterBump({ scoredSubmissions: 250, reason: 'ground truth replaced' }),
    ).toEqual({ needsRescore: true });
  });
});
