import { describe, expect, it } from 'vitest';
import { parseClassificationPredictions } from '@medrank/formats';
import { outputToProbabilities, predictionsCsv } from './output-to-probabilities.js';

const binary = { classes: ['malignant', 'benign'], positiveClass: 1 };
const three = { classes: ['a', 'b', 'c'] };

describe('outputToProbabilities', () => {
  it('reads a binary [1, 1] probability as the positive class', () => {
    const p = outputToProbabilities(
      [1, 1],
      [0.25],
      { ...binary, output: { name: 'y', values: 'probabilities' } },
      'c1',
    );
    expect(Array.from(p)).toEqual([0.75, 0.25]);
  });

  it('applies a sigmoid to a binary logit and a softmax to k logits', () => {
    const sig = outputToProbabilities(
      [1, 1],
      [0],
      { ...binary, output: { name: 'y', values: 'logits' } },
      'c1',
    );
    expect(Array.from(sig)).toEqual([0.5, 0.5]);
    const soft = outputToProbabilities(
      [1, 3],
      [0, 0, Math.log(2)],
      { ...three, output: { name: 'y', values: 'logits' } },
      'c1',
    );
    expect(Array.from(soft)).toEqual([0.25, 0.25, 0.5]);
  });

  it.each<[string, number[], (number | string)[], 'probabilities' | 'logits', RegExp]>([
    [
      'a wrong width',
      [1, 2],
      [0.5, 0.5],
      'probabilities',
      /^case c9: output 'y' does not have the shape the track expects for one case, \[1, 3\] \(probabilities of a, b, c\) \(its shape at run time is not shown: it may depend on a hidden input\)$/,
    ],
    [
      'NaN',
      [1, 3],
      [0.5, 'NaN', 0.5],
      'probabilities',
      /^case c9: output 'y' holds NaN at position 1; every value must be finite$/,
    ],
    [
      'rows that do not sum to 1',
      [1, 3],
      [0.5, 0.5, 0.5],
      'probabilities',
      /^case c9: output 'y' sums to 1\.5; probabilities must sum to 1/,
    ],
    [
      'a negative probability',
      [1, 3],
      [0.9, -0.5, 0.6],
      'probabilities',
      /gives b a probability of -0\.5; probabilities lie in \[0, 1\]/,
    ],
  ])('refuses %s, naming the case', (_, dims, values, kind, message) => {
    expect(() =>
      outputToProbabilities(dims, values, { ...three, output: { name: 'y', values: kind } }, 'c9'),
    ).toThrow(message);
  });
});

describe('predictionsCsv', () => {
  it('writes what the classification parser reads back exactly', async () => {
    const rows = [
      { caseId: 'a,1', probabilities: Float64Array.of(0.1, 0.2, 0.7) },
      { caseId: 'b', probabilities: Float64Array.of(1 / 3, 1 / 3, 1 / 3) },
    ];
    const csv = predictionsCsv(rows, three);
    expect(csv.split('\n')[0]).toBe('case_id,p_a,p_b,p_c');
    const parsed = await parseClassificationPredictions(
      (async function* () {
        yield csv;
      })(),
      { caseIds: ['a,1', 'b'], classes: three.classes },
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(Array.from(parsed.value.scores!)).toEqual([0.1, 0.2, 0.7, 1 / 3, 1 / 3, 1 / 3]);
  });

  it('writes one positive-class column for a binary track', () => {
    expect(
      predictionsCsv([{ caseId: '0', probabilities: Float64Array.of(0.4, 0.6) }], binary),
    ).toBe('case_id,p_benign\n0,0.6\n');
  });
});
