import { describe, expect, it } from 'vitest';
import { parseTaskConfig } from './index.js';
import { trackSubmissionKinds } from './submission-kinds.js';

const model = {
  input: { name: 'x', shape: ['N', 1, 28, 28] },
  output: { name: 'probability', values: 'probabilities' },
};

describe('trackSubmissionKinds', () => {
  it('takes prediction files on every track, and models or endpoints where a contract is declared', () => {
    expect(trackSubmissionKinds({ classes: ['a', 'b'] })).toEqual({
      predictions: true,
      model: false,
      endpoint: false,
    });
    expect(trackSubmissionKinds({ classes: ['a', 'b'], model })).toEqual({
      predictions: true,
      model: true,
      endpoint: false,
    });
    expect(trackSubmissionKinds({ endpoint: { prompt: '{question}' } })).toEqual({
      predictions: true,
      model: false,
      endpoint: true,
    });
    expect(trackSubmissionKinds(null)).toEqual({
      predictions: true,
      model: false,
      endpoint: false,
    });
  });

  it('refuses prediction files when the contract is exclusive, read the same from the stored and the parsed configuration', () => {
    const stored = { classes: ['a', 'b'], model: { ...model, exclusive: true } };
    const parsed = parseTaskConfig('classification', stored);
    for (const config of [stored, parsed])
      expect(trackSubmissionKinds(config)).toEqual({
        predictions: false,
        model: true,
        endpoint: false,
      });
    const endpoint = { endpoint: { prompt: '{question}', exclusive: true } };
    for (const config of [endpoint, parseTaskConfig('open-vqa', endpoint)])
      expect(trackSubmissionKinds(config).predictions).toBe(false);
    // exclusive: false, or a contract that leaves it out (its default), keeps files.
    expect(
      trackSubmissionKinds(parseTaskConfig('classification', { classes: ['a', 'b'], model }))
        .predictions,
    ).toBe(true);
  });
});
