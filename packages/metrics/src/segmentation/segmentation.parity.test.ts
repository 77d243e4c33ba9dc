// Parity with shared/peers/peer_seg.py (scipy.ndimage) on the seeded peer data; expected values
// and intermediate counts from the peers README §6. Generate the data with `bash tools/peers-data.sh`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computeMultiLabelSegmentationMetrics } from './compute-multi-label-segmentation-metrics.js';
import { computeSegmentationMetrics } from './compute-segmentation-metrics.js';
import { hausdorffDistance95 } from './hausdorff-distance.js';
import type { MaskShape, SpacingMm } from './mask-shape.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const DATA_DIR = process.env.PEERS_DATA_DIR ?? join(REPO_ROOT, '.peers/data');

const CASES = [
  {
    name: 'seg_128x128x128',
    expected: {
      dice: 0.8142567621675897,
      hd95: 7.879086241436884,
      hd95Pooled: 7.507329751649384,
      hd: 78.37557017336461,
      assd: 2.8856620964450577,
      nsd: 0.4746173526639436,
    },
    counts: {
      truthVoxels: 84_238,
      predictionVoxels: 78_099,
      intersectionVoxels: 66_092,
      truthSurfaceVoxels: 9_608,
      predictionSurfaceVoxels: 12_671,
    },
  },
  {
    name: 'seg_256x256x128',
    expected: {
      dice: 0.8424930510753499,
      hd95: 9.691749068150703,
      hd95Pooled: 8.381527307120106,
      hd: 124.72048749102932,
      assd: 3.279557019430397,
      nsd: 0.4216367177451953,
    },
    counts: {
      truthVoxels: 334_156,
      predictionVoxels: 329_256,
      intersectionVoxels: 279_460,
      truthSurfaceVoxels: 33_173,
      predictionSurfaceVoxels: 48_466,
    },
  },
] as const;

interface SegHeader {
  shape: [number, number, number];
  spacing_mm: [number, number, number];
  nsd_tolerance_mm: number;
  hd_percentile: number;
  arrays: Record<'gt' | 'pred', { file: string; dtype: string; shape: number[] }>;
}

function load(name: string) {
  const headerPath = join(DATA_DIR, 'seg', `${name}.json`);
  if (!existsSync(headerPath)) {
    throw new Error(
      `peer data missing: ${headerPath} not found. Run \`bash tools/peers-data.sh\` (or set PEERS_DATA_DIR).`,
    );
  }
  const header = JSON.parse(readFileSync(headerPath, 'utf8')) as SegHeader;
  const read = (key: 'gt' | 'pred') => {
    expect(header.arrays[key].dtype).toBe('uint8');
    const b = readFileSync(join(DATA_DIR, 'seg', header.arrays[key].file));
    return new Uint8Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
  };
  return { header, truth: read('gt'), prediction: read('pred') };
}

describe.each(CASES)(
  'segmentation parity with peer_seg.py on $name',
  ({ name, expected, counts }) => {
    it('matches dice and NSD exactly, distances within 1e-9, and the voxel counts', () => {
      const { header, truth, prediction } = load(name);
      expect(header.spacing_mm).toEqual([0.8, 0.8, 2.5]);
      const m = computeSegmentationMetrics(prediction, truth, header.shape, header.spacing_mm, {
        toleranceMm: header.nsd_tolerance_mm,
        percentile: header.hd_percentile,
      });
      expect(m.counts).toEqual(counts);
      expect(m.dice).toBe(expected.dice);
      expect(m.nsd).toBe(expected.nsd);
      for (const key of ['hd95', 'hd95Pooled', 'hd', 'assd'] as const) {
        expect(Math.abs(m[key] - expected[key]), key).toBeLessThanOrEqual(1e-9);
      }
    });

    it('gives the same values through the single-metric and multi-label entry points', () => {
      const { header, truth, prediction } = load(name);
      const shape: MaskShape = header.shape,
        spacing: SpacingMm = header.spacing_mm;
      expect(
        Math.abs(hausdorffDistance95(prediction, truth, shape, spacing) - expected.hd95),
      ).toBeLessThanOrEqual(1e-9);
      const pooled = hausdorffDistance95(prediction, truth, shape, spacing, {
        convention: 'pooled',
      });
      expect(Math.abs(pooled - expected.hd95Pooled)).toBeLessThanOrEqual(1e-9);
      const multi = computeMultiLabelSegmentationMetrics(prediction, truth, shape, spacing, {
        toleranceMm: 2,
      });
      expect(multi.perLabel.map((l) => l.label)).toEqual([1]);
      expect(multi.mean.dice).toBe(expected.dice);
      expect(multi.mean.nsd).toBe(expected.nsd);
      expect(multi.perLabel[0]?.counts).toEqual(counts);
    });
  },
);
