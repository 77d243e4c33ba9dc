import { describe, expect, it } from 'vitest';
import { createRng } from '../statistics/prng.js';
import { confusion } from './shared.js';

/** Reference: sorted union of labels (sklearn's unique_labels) and a Map per label. */
function plainConfusion(yTrue: Int32Array, yPred: Int32Array) {
  const labels = Int32Array.from(new Set([...yTrue, ...yPred])).sort();
  const position = new Map(Array.from(labels, (label, i) => [label, i] as const));
  const size = labels.length;
  const matrix = new Float64Array(size * size);
  for (let i = 0; i < yTrue.length; i++)
    matrix[position.get(yTrue[i]!)! * size + position.get(yPred[i]!)!]!++;
  return { labels, size, matrix };
}

describe('confusion', () => {
  const rng = createRng('confusion');
  const draw = (n: number, pick: () => number) => Int32Array.from({ length: n }, pick);

  it.each([
    ['small labels with gaps (dense path)', () => [0, 3, 7, 9][rng.nextInt(4)]!],
    ['a label only predicted', () => rng.nextInt(3)],
    ['label 255 (dense path edge)', () => [1, 255][rng.nextInt(2)]!],
    ['label 256 (map path)', () => [1, 256][rng.nextInt(2)]!],
    ['negative labels (map path)', () => rng.nextInt(5) - 2],
  ])('equals the sorted-union reference: %s', (_, pick) => {
    const yTrue = draw(500, pick);
    const yPred = draw(500, pick);
    if (_ === 'a label only predicted') yPred[17] = 11;
    expect(confusion(yTrue, yPred)).toEqual(plainConfusion(yTrue, yPred));
  });

  it('is empty for empty input', () => {
    expect(confusion(new Int32Array(0), new Int32Array(0))).toEqual({
      labels: new Int32Array(0),
      size: 0,
      matrix: new Float64Array(0),
    });
  });
});
