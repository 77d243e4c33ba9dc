import { describe, expect, it } from 'vitest';
import { canSeeScores, evaluationRestriction, testSetRelease } from './release.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const phase = (opensAt: string, closesAt: string | null) => ({
  opensAt: day(opensAt),
  closesAt: closesAt === null ? null : day(closesAt),
});

describe('testSetRelease', () => {
  it('never hides a public test set, whatever the phases', () => {
    expect(testSetRelease('PUBLIC', [phase('2026-01-01', null)], NOW)).toEqual({
      isHidden: false,
      releaseAt: null,
    });
    expect(testSetRelease('PUBLIC', [], NOW).isHidden).toBe(false);
  });

  it('hides a hidden-until-close test set while a phase is open, until its close date', () => {
    expect(testSetRelease('HIDDEN_UNTIL_CLOSE', [phase('2026-01-01', '2026-07-01')], NOW)).toEqual({
      isHidden: true,
      releaseAt: day('2026-07-01'),
    });
  });

  it('shows it once every phase has closed', () => {
    const phases = [phase('2026-01-01', '2026-03-01'), phase('2026-03-01', '2026-06-01')];
    expect(testSetRelease('HIDDEN_UNTIL_CLOSE', phases, NOW)).toEqual({
      isHidden: false,
      releaseAt: null,
    });
  });

  it('treats the close instant itself as closed', () => {
    const phases = [phase('2026-01-01', '2026-06-15')];
    expect(testSetRelease('HIDDEN_UNTIL_CLOSE', phases, day('2026-06-15')).isHidden).toBe(false);
  });

  it('keeps it hidden while a later phase has not closed, even between phases', () => {
    // The first phase is over, the second has not opened: no phase is open, yet the private
    // split must stay hidden from the second phase's participants.
    const phases = [phase('2026-01-01', '2026-03-01'), phase('2026-09-01', '2026-12-01')];
    expect(testSetRelease('HIDDEN_UNTIL_CLOSE', phases, NOW)).toEqual({
      isHidden: true,
      releaseAt: day('2026-12-01'),
    });
  });

  it('keeps it hidden for good while a phase has no close date', () => {
    const phases = [phase('2026-01-01', '2026-03-01'), phase('2026-03-01', null)];
    expect(testSetRelease('HIDDEN_UNTIL_CLOSE', phases, NOW)).toEqual({
      isHidden: true,
      releaseAt: null,
    });
  });

  it('keeps it hidden when the benchmark has no phase at all (the safe default)', () => {
    expect(testSetRelease('HIDDEN_UNTIL_CLOSE', [], NOW)).toEqual({
      isHidden: true,
      releaseAt: null,
    });
  });
});

describe('evaluationRestriction and canSeeScores', () => {
  const open = { isHidden: true, releaseAt: day('2026-07-01') };
  const shown = { isHidden: false, releaseAt: null };

  it('names hidden-until-close with its date, before a Ladder withholding', () => {
    expect(evaluationRestriction(open, false)).toEqual({
      kind: 'hidden-until-close',
      releaseAt: '2026-07-01T00:00:00.000Z',
    });
  });

  it('names a Ladder withholding on a shown test set', () => {
    expect(evaluationRestriction(shown, false)).toEqual({ kind: 'withheld-by-ladder' });
  });

  it('has no restriction for a released evaluation on a shown test set', () => {
    expect(evaluationRestriction(shown, true)).toBeNull();
  });

  it('lets only curators see restricted numbers; everyone sees unrestricted ones', () => {
    const hidden = evaluationRestriction(open, true);
    const withheld = evaluationRestriction(shown, false);
    expect(canSeeScores(hidden, false)).toBe(false);
    expect(canSeeScores(withheld, false)).toBe(false);
    expect(canSeeScores(hidden, true)).toBe(true);
    expect(canSeeScores(withheld, true)).toBe(true);
    expect(canSeeScores(null, false)).toBe(true);
  });
});
