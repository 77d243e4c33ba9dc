import { describe, expect, it } from 'vitest';
import { readNiftiLabels, readPngLabels } from '@medrank/formats';
import { parseModelContract, type ModelContractInput } from '@medrank/task-contracts/config';
import { ModelRunFailure } from '../model-run-failure.js';
import {
  channelLabels,
  encodeMaskNifti,
  encodeMaskPng,
  maskFileName,
  maskOutputMismatches,
  outputToLabelMask,
  outputToLabels,
  resizeLabelsNearest,
  resizeMaskNearest,
  type MaskOutputTrack,
} from './output-to-mask.js';

const labels = (...values: number[]) => values.map((value) => ({ value, name: `l${value}` }));

function trackOf(
  labelValues: number[],
  {
    layout = 'NCHW',
    values = 'logits',
  }: { layout?: 'NCHW' | 'NHWC'; values?: 'logits' | 'probabilities' | 'labels' } = {},
): MaskOutputTrack {
  const contract: ModelContractInput = {
    input: { name: 'x', shape: layout === 'NCHW' ? ['N', 1, 2, 3] : ['N', 2, 3, 1], layout },
    output: { name: 'out', values },
  };
  return { labels: labels(...labelValues), model: parseModelContract('segmentation', contract) };
}

function failureOf(run: () => unknown): ModelRunFailure {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelRunFailure);
    return error as ModelRunFailure;
  }
  throw new Error('expected a ModelRunFailure');
}

describe('channelLabels', () => {
  it('maps channel k to label value k when the channels cover the largest label', () => {
    expect(Array.from(channelLabels(3, labels(1, 2))!)).toEqual([0, 1, 2]);
    // Channels the track does not score (2, 4) are background.
    expect(Array.from(channelLabels(5, labels(1, 3))!)).toEqual([0, 1, 0, 3, 0]);
  });

  it('maps channel k to the k-th label when there is one channel per label plus background', () => {
    expect(Array.from(channelLabels(2, labels(255))!)).toEqual([0, 255]);
    expect(Array.from(channelLabels(3, labels(1, 5))!)).toEqual([0, 1, 5]);
  });

  it('refuses channel counts that fit neither rule', () => {
    expect(channelLabels(1, labels(1))).toBeNull();
    expect(channelLabels(4, labels(1, 5))).toBeNull();
  });
});

describe('outputToLabelMask', () => {
  // A 2×3 image; channel 1 wins at pixels 1 and 5, channel 2 at pixel 3, a tie at pixel 4.
  const nchw = Float64Array.of(
    ...[5, 0, 5, 0, 1, 0], // channel 0
    ...[0, 9, 0, 0, 1, 7], // channel 1
    ...[0, 0, 0, 3, 0, 0], // channel 2
  );

  it('takes the argmax over the channels, the lowest channel winning a tie', () => {
    const mask = outputToLabelMask([1, 3, 2, 3], nchw, trackOf([1, 2]), 'c1', [2, 3]);
    expect(mask).toEqual({ height: 2, width: 3, data: Uint16Array.of(0, 1, 0, 2, 0, 1) });
  });

  it('reads NHWC scores for an NHWC input', () => {
    const nhwc = new Float64Array(18);
    for (let p = 0; p < 6; p++) for (let k = 0; k < 3; k++) nhwc[p * 3 + k] = nchw[k * 6 + p]!;
    const mask = outputToLabelMask(
      [1, 2, 3, 3],
      nhwc,
      trackOf([1, 2], { layout: 'NHWC' }),
      'c1',
      [2, 3],
    );
    expect(Array.from(mask.data)).toEqual([0, 1, 0, 2, 0, 1]);
  });

  it('writes labels a track does not score as background', () => {
    const track = trackOf([2], { values: 'labels' });
    const mask = outputToLabelMask(
      [1, 2, 3],
      Float64Array.of(0, 1, 2, 3, 2, 0),
      track,
      'c1',
      [2, 3],
    );
    expect(Array.from(mask.data)).toEqual([0, 0, 2, 0, 2, 0]);
  });

  it('names the case for a non-finite value, without its position or value', () => {
    const values = Float64Array.from(nchw);
    values[7] = Number.NaN;
    const failure = failureOf(() =>
      outputToLabelMask([1, 3, 2, 3], values, trackOf([1, 2]), 'c9', [2, 3]),
    );
    expect(failure).toMatchObject({ kind: 'output-not-finite', caseId: 'c9' });
    expect(failure.message).toBe(
      "case c9: output 'out' holds a value that is not finite (NaN or ±Infinity); every value must be finite",
    );
  });

  it('refuses labels that are not whole numbers ≥ 0', () => {
    const track = trackOf([1], { values: 'labels' });
    for (const bad of [0.5, -1])
      expect(
        failureOf(() =>
          outputToLabelMask([1, 2, 3], Float64Array.of(0, 1, bad, 0, 0, 0), track, 'c2', [2, 3]),
        ),
      ).toMatchObject({ kind: 'output-invalid', caseId: 'c2' });
  });

  it('refuses a run-time shape other than the contract’s without echoing it', () => {
    const failure = failureOf(() =>
      outputToLabelMask([1, 3, 3, 2], nchw, trackOf([1, 2]), 'c3', [2, 3]),
    );
    expect(failure.kind).toBe('output-shape');
    expect(failure.message).toBe(
      "case c3: output 'out' does not have the shape the track expects for one case, [1, K, 2, 3] (logits of K classes), K = at least 3 (channel k scores label value k, channel 0 background) (its shape at run time is not shown: it may depend on a hidden input)",
    );
    // A channel count that fits neither rule is a shape failure too.
    expect(
      failureOf(() => outputToLabelMask([1, 1, 2, 3], nchw.slice(0, 6), trackOf([1]), 'c4', [2, 3]))
        .kind,
    ).toBe('output-shape');
  });
});

describe('resizeMaskNearest', () => {
  it('samples the source at half-pixel centres', () => {
    const mask = { height: 2, width: 2, data: Uint16Array.of(1, 2, 3, 4) };
    // Upsampling ×2 repeats each pixel; rows ⌊(y + ½)·2/4⌋ = 0, 0, 1, 1.
    expect(Array.from(resizeMaskNearest(mask, 4, 4).data)).toEqual([
      1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4,
    ]);
    // To 3 columns: ⌊(x + ½)·2/3⌋ = 0, 1, 1.
    expect(Array.from(resizeMaskNearest(mask, 1, 3).data)).toEqual([3, 4, 4]);
  });
});

describe('maskOutputMismatches', () => {
  it('accepts symbolic dimensions and a fitting channel count', () => {
    const track = trackOf([1]);
    expect(
      maskOutputMismatches({ name: 'out', type: 'float32', shape: ['N', 2, 'H', 'W'] }, track),
    ).toEqual([]);
    expect(
      maskOutputMismatches({ name: 'out', type: 'float32', shape: [1, -1, 2, 3] }, track),
    ).toEqual([]);
  });

  it('names an H×W other than the input’s, and a non-float score type', () => {
    expect(
      maskOutputMismatches({ name: 'out', type: 'int64', shape: ['N', 2, 4, 3] }, trackOf([1])),
    ).toEqual([
      "output 'out' is int64; the track reads float32 logits",
      "output 'out' has shape [N,2,4,3]; the track expects [N, K, 2, 3] (logits of K classes), K = at least 2 (channel k scores label value k, channel 0 background)",
    ]);
  });

  it('takes integer labels of rank 3 or with one channel', () => {
    const track = trackOf([1], { values: 'labels' });
    expect(maskOutputMismatches({ name: 'out', type: 'int64', shape: ['N', 2, 3] }, track)).toEqual(
      [],
    );
    expect(
      maskOutputMismatches({ name: 'out', type: 'uint8', shape: ['N', 1, 2, 3] }, track),
    ).toEqual([]);
    expect(
      maskOutputMismatches({ name: 'out', type: 'string', shape: ['N', 2, 3] }, track),
    ).toEqual([
      "output 'out' is string; the track reads labels of a number type (float or integer)",
    ]);
  });
});

describe('encodeMaskPng', () => {
  it('writes labels the mask reader reads back, 8-bit up to 255 and 16-bit above', () => {
    const mask = { height: 2, width: 3, data: Uint16Array.of(0, 7, 0, 7, 7, 0) };
    const png8 = encodeMaskPng(mask, labels(7));
    const read8 = readPngLabels(png8);
    expect(png8[24]).toBe(8);
    expect(read8.ok && Array.from(read8.value.data)).toEqual([0, 7, 0, 7, 7, 0]);

    const wide = { height: 1, width: 3, data: Uint16Array.of(0, 300, 65535) };
    const png16 = encodeMaskPng(wide, labels(300, 65535));
    const read16 = readPngLabels(png16);
    expect(png16[24]).toBe(16);
    expect(read16.ok && Array.from(read16.value.data)).toEqual([0, 300, 65535]);
  });
});

describe('maskFileName', () => {
  it('names a case <case_id>.png, or says why its id cannot be a mask name', () => {
    expect(maskFileName('case-1.a')).toEqual({ ok: true, name: 'case-1.a.png' });
    expect(maskFileName('a/b')).toEqual({ ok: false, reason: 'it contains "/"' });
    expect(maskFileName('a\\b')).toEqual({ ok: false, reason: 'backslash in the name' });
    expect(maskFileName('._x').ok).toBe(false);
  });
});

describe('3D outputs (NCDHW inputs)', () => {
  const volumeTrack = (
    values: 'logits' | 'labels' = 'logits',
    resize = 'none',
  ): MaskOutputTrack => ({
    labels: labels(1, 2),
    model: parseModelContract('segmentation', {
      input: { name: 'x', shape: ['N', 1, 2, 2, 3], resize },
      output: { name: 'out', values },
    }),
  });

  it('takes the argmax per voxel over [1, K, D, H, W] scores', () => {
    // 3 channels × 12 voxels; voxel v's winner is v % 3.
    const scores = new Float64Array(36);
    for (let v = 0; v < 12; v++) scores[(v % 3) * 12 + v] = 1;
    const grid = outputToLabels([1, 3, 2, 2, 3], scores, volumeTrack(), 'c1', [2, 2, 3]);
    expect(grid.size).toEqual([2, 2, 3]);
    expect(Array.from(grid.data)).toEqual(Array.from({ length: 12 }, (_, v) => v % 3));
  });

  it('reads [1, 1, D, H, W] labels and refuses a 2D-shaped output for one case', () => {
    const values = Float64Array.from({ length: 12 }, (_, v) => (v % 4 === 0 ? 2 : 0));
    expect(
      Array.from(
        outputToLabels([1, 1, 2, 2, 3], values, volumeTrack('labels'), 'c1', [2, 2, 3]).data,
      ),
    ).toEqual(Array.from(values));
    const failure = failureOf(() =>
      outputToLabels([1, 2, 6], values, volumeTrack('labels'), 'c9', [2, 2, 3]),
    );
    expect(failure.kind).toBe('output-shape');
    expect(failure.message).toBe(
      "case c9: output 'out' does not have the shape the track expects for one case, [1, 2, 2, 3] or [1, 1, 2, 2, 3] (label values, whole numbers ≥ 0) (its shape at run time is not shown: it may depend on a hidden input)",
    );
  });

  it('resizes labels back to the volume’s size, slice by slice as the 2D resize and nearest between slices', () => {
    const grid = { size: [2, 2, 2], data: Uint16Array.of(1, 2, 3, 4, 5, 6, 7, 8) };
    const out = resizeLabelsNearest(grid, [3, 4, 3]);
    for (let z = 0; z < 3; z++) {
      const source = Math.min(Math.floor(((z + 0.5) * 2) / 3), 1);
      const slice = resizeMaskNearest(
        { height: 2, width: 2, data: grid.data.subarray(source * 4, source * 4 + 4) },
        4,
        3,
      );
      expect(Array.from(out.data.subarray(z * 12, z * 12 + 12))).toEqual(Array.from(slice.data));
    }
  });

  it('checks a 5-dimensional declared output against the input’s D×H×W', () => {
    expect(
      maskOutputMismatches(
        { name: 'out', type: 'float32', shape: ['N', 3, 'D', 'H', 'W'] },
        volumeTrack(),
      ),
    ).toEqual([]);
    expect(
      maskOutputMismatches(
        { name: 'out', type: 'float32', shape: ['N', 3, 2, 2, 4] },
        volumeTrack(),
      ),
    ).toEqual([
      "output 'out' has shape [N,3,2,2,4]; the track expects [N, K, 2, 2, 3] (logits of K classes), K = at least 3 (channel k scores label value k, channel 0 background)",
    ]);
  });

  it('writes a volume as a .nii.gz the mask reader reads back with its spacing', () => {
    const grid = { size: [2, 2, 3], data: Uint16Array.from({ length: 12 }, (_, v) => v % 3) };
    const read = readNiftiLabels(encodeMaskNifti(grid, [2.5, 0.5, 0.5], labels(1, 2)));
    expect(read.ok && read.value.shape).toEqual([2, 2, 3]);
    expect(read.ok && read.value.spacingMm).toEqual([2.5, 0.5, 0.5]);
    expect(read.ok && Array.from(read.value.data)).toEqual(Array.from(grid.data));
    expect(maskFileName('liver_007', '.nii.gz')).toEqual({ ok: true, name: 'liver_007.nii.gz' });
  });
});
