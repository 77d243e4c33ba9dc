import { describe, expect, it } from 'vitest';
import { groupedAccuracy } from './grouped-accuracy.js';

describe('groupedAccuracy', () => {
  const correct = Uint8Array.of(1, 0, 1, 1, 0, 0);
  const modality = ['CT', 'CT', 'MRI', 'X-ray', 'X-ray', 'X-ray'];
  const task = ['counting', 'diagnosis', 'diagnosis', 'diagnosis', 'diagnosis', 'counting'];

  it('counts overall and per category on every dimension', () => {
    const result = groupedAccuracy(correct, [modality, task]);
    expect(result.overall).toEqual({ correct: 3, n: 6, accuracy: 0.5 });
    const [byModality, byTask] = result.dimensions;
    expect([...(byModality?.byCategory ?? [])]).toEqual([
      ['CT', { correct: 1, n: 2, accuracy: 0.5 }],
      ['MRI', { correct: 1, n: 1, accuracy: 1 }],
      ['X-ray', { correct: 1, n: 3, accuracy: 1 / 3 }],
    ]);
    expect(byModality?.macroAccuracy).toBeCloseTo((0.5 + 1 + 1 / 3) / 3, 15);
    expect(byTask?.byCategory.get('diagnosis')).toEqual({ correct: 2, n: 4, accuracy: 0.5 });
    expect(byTask?.macroAccuracy).toBe(0.5);
  });

  it('weighs categories equally in the macro average but questions equally overall', () => {
    // 9 of 10 right in a large category, 0 of 1 in a small one.
    const c = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    const cat = [...Array<string>(10).fill('big'), 'small'];
    const r = groupedAccuracy(c, [cat]);
    expect(r.overall.accuracy).toBeCloseTo(9 / 11, 15);
    expect(r.dimensions[0]?.macroAccuracy).toBeCloseTo(0.45, 15);
  });

  it('is invariant to question order', () => {
    const perm = [5, 3, 0, 4, 1, 2];
    const a = groupedAccuracy(correct, [modality]);
    const b = groupedAccuracy(
      Uint8Array.from(perm, (i) => correct[i] ?? 0),
      [perm.map((i) => modality[i] ?? '')],
    );
    expect(b).toEqual(a);
  });

  it('treats any non-zero byte as correct', () => {
    expect(groupedAccuracy(Uint8Array.of(2, 255, 0), []).overall.correct).toBe(2);
  });

  it('returns NaN accuracy and an empty breakdown for no questions', () => {
    const r = groupedAccuracy(new Uint8Array(0), [[]]);
    expect(r.overall.accuracy).toBeNaN();
    expect(r.dimensions[0]?.byCategory.size).toBe(0);
    expect(r.dimensions[0]?.macroAccuracy).toBeNaN();
  });

  it('throws a RangeError when a dimension has the wrong length', () => {
    expect(() => groupedAccuracy(correct, [modality.slice(1)])).toThrow(RangeError);
  });
});
