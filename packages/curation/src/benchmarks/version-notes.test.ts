import { describe, expect, it } from 'vitest';
import { groundTruthConfirmNote, versionBumpNotice, versionBumpNotices } from './version-notes.js';

describe('versionBumpNotice', () => {
  it('says nothing when nothing was scored at the old version (a draft, a set without entries)', () => {
    expect(
      versionBumpNotice({ track: 'main', testSet: 'test', version: 2, needsRescore: false }),
    ).toBeNull();
  });

  it('names the new version and asks for a rescore when scored entries wait for one', () => {
    expect(
      versionBumpNotice({ track: 'findings', testSet: 'mimic', version: 3, needsRescore: true }),
    ).toBe(
      'This change creates evaluator v3 of findings / mimic; its entries keep their current ranking until you rescore them.',
    );
  });

  it('keeps only the bumps that need a rescore', () => {
    expect(
      versionBumpNotices([
        { track: 'a', testSet: 'x', version: 2, needsRescore: false },
        { track: 'b', testSet: 'y', version: 5, needsRescore: true },
      ]),
    ).toEqual([expect.stringContaining('evaluator v5 of b / y')]);
    expect(versionBumpNotices([])).toEqual([]);
  });
});

describe('groundTruthConfirmNote', () => {
  it('a first upload keeps the version and claims no bump', () => {
    const note = groundTruthConfirmNote({ testSetName: 'Test', caseCount: 0, evaluatorVersion: 1 });
    expect(note).toBe(
      'Becomes the hidden truth of Test. It stays evaluator v1: a first upload creates no new version.',
    );
    expect(note).not.toMatch(/rescore|v2/);
  });

  it('a replacement names the next version and the rescore', () => {
    expect(
      groundTruthConfirmNote({ testSetName: 'Private', caseCount: 120, evaluatorVersion: 3 }),
    ).toBe(
      'Replaces the hidden truth of Private (120 cases in use) and creates evaluator v4; entries scored before keep their ranking until you rescore them.',
    );
  });
});
