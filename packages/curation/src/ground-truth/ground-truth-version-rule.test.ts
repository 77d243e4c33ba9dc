import { describe, expect, it } from 'vitest';
import { decideGroundTruthVersion } from './ground-truth-version-rule.js';

describe('decideGroundTruthVersion', () => {
  it('keeps the version of a test set without cases or truth (the first upload)', () => {
    expect(decideGroundTruthVersion({ caseCount: 0, truthRows: 0, evaluatorVersion: 3 })).toEqual({
      bumpsVersion: false,
      version: 3,
    });
  });

  it('bumps the version of a test set with cases and truth (a replacement)', () => {
    expect(
      decideGroundTruthVersion({ caseCount: 120, truthRows: 120, evaluatorVersion: 1 }),
    ).toEqual({ bumpsVersion: true, reason: 'ground truth replaced' });
  });

  it('bumps when only the case count says there was truth', () => {
    expect(decideGroundTruthVersion({ caseCount: 5, truthRows: 0, evaluatorVersion: 1 })).toEqual({
      bumpsVersion: true,
      reason: 'ground truth replaced',
    });
  });

  it('bumps when only hidden truth rows remain (a case count out of step)', () => {
    expect(decideGroundTruthVersion({ caseCount: 0, truthRows: 7, evaluatorVersion: 2 })).toEqual({
      bumpsVersion: true,
      reason: 'ground truth replaced',
    });
  });
});
