import { describe, expect, it } from 'vitest';
import { parseModelContract } from '@medrank/task-contracts/config';
import { signatureMismatches, type ModelTrack } from './check-model-signature.js';

const track: ModelTrack = {
  classes: ['malignant', 'benign'],
  positiveClass: 1,
  model: parseModelContract('classification', {
    input: { name: 'x', shape: ['N', 1, 28, 28] },
    output: { name: 'probability', values: 'probabilities' },
  }),
};
const x = { name: 'x', isTensor: true, type: 'float32', shape: ['batch', 1, 28, 28] };
const y = { name: 'probability', isTensor: true, type: 'float32', shape: ['batch', 1] };

describe('signatureMismatches', () => {
  it('accepts a symbolic, -1 or 1 batch dimension and symbolic image dimensions', () => {
    expect(signatureMismatches([x], [y], track)).toEqual([]);
    expect(
      signatureMismatches([{ ...x, shape: [1, 1, 'h', 'w'] }], [{ ...y, shape: [-1, 2] }], track),
    ).toEqual([]);
  });

  it('names each mismatch with what the track expects', () => {
    expect(
      signatureMismatches(
        [{ ...x, name: 'input', type: 'uint8', shape: [1, 3, 224, 224] }],
        [{ ...y, name: 'logits', shape: ['N', 3] }],
        track,
      ),
    ).toEqual([
      "the model's input is 'input'; the track feeds 'x'",
      "the model has no output 'probability' (its outputs: 'logits')",
    ]);
    expect(
      signatureMismatches(
        [{ ...x, type: 'uint8', shape: [1, 3, 224, 224] }],
        [{ ...y, shape: ['N', 3], type: 'int64' }],
        track,
      ),
    ).toEqual([
      "input 'x' is uint8; the track feeds float32",
      "input 'x' has shape [1,3,224,224]; the track expects [N,1,28,28]",
      "output 'probability' is int64; the track reads float32 probabilities",
      "output 'probability' has shape [N,3]; the track expects [N, 2] (probabilities of malignant, benign) or [N, 1] (the probability of benign)",
    ]);
  });

  it('refuses a second input the platform would not feed', () => {
    expect(signatureMismatches([x, { ...x, name: 'mask' }], [y], track)).toEqual([
      "the model has 2 inputs ('x', 'mask'); the track feeds one, 'x' [N,1,28,28]",
    ]);
  });
});
