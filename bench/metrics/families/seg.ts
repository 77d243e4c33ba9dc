// 3-D segmentation: Dice, HD95 (MONAI and pooled/medpy), HD, ASSD and NSD at 2 mm, against
// peer_seg.py (scipy.ndimage binary_erosion + distance_transform_edt).
import { join } from 'node:path';
import {
  computeSegmentationMetrics,
  diceScore,
  hausdorffDistance95,
  normalizedSurfaceDiceScore,
  type MaskShape,
  type SpacingMm,
} from '@medrank/metrics';
import { checkValues, flattenPeerValues } from '../expected.js';
import { asUint8, readArray, readArrayHeader } from '../peer-data.js';
import { peerReference, runPeer, type PeerRun } from '../peers.js';
import { makeRow } from '../rows.js';
import { timeIt } from '../timing.js';
import type { BenchContext, FamilyResult, Timing } from '../types.js';

const DATASETS = ['seg_128x128x128.json', 'seg_256x256x128.json'];
const SCRIPT = 'peer_seg.py';

interface SegHeader {
  shape: [number, number, number];
  spacing_mm: [number, number, number];
  nsd_tolerance_mm: number;
  hd_percentile: number;
}

export async function benchSegmentation(
  ctx: BenchContext,
): Promise<FamilyResult & { targets: { allMetrics256: Timing | null } }> {
  const result: FamilyResult & { targets: { allMetrics256: Timing | null } } = {
    family: 'seg',
    rows: [],
    values: [],
    missing: [],
    targets: { allMetrics256: null },
  };
  for (const dataset of DATASETS) {
    const path = join(ctx.dataDir, 'seg', dataset);
    const header = readArrayHeader(path);
    const { shape, spacing_mm, nsd_tolerance_mm, hd_percentile } = header as unknown as SegHeader;
    const truth = asUint8(readArray(path, header.arrays.gt), 'gt');
    const prediction = asUint8(readArray(path, header.arrays.pred), 'pred');
    const maskShape: MaskShape = shape;
    const spacing: SpacingMm = spacing_mm;
    ctx.log(`seg ${dataset}: ours`);

    const dice = timeIt(ctx.repeat, () => diceScore(prediction, truth));
    const all = timeIt(ctx.repeat, () =>
      computeSegmentationMetrics(prediction, truth, maskShape, spacing, {
        toleranceMm: nsd_tolerance_mm,
        percentile: hd_percentile,
      }),
    );
    // The three single-metric entry points one after the other (each finds its own surfaces).
    const separate = timeIt(ctx.repeat, () => [
      diceScore(prediction, truth),
      hausdorffDistance95(prediction, truth, maskShape, spacing, { percentile: hd_percentile }),
      normalizedSurfaceDiceScore(prediction, truth, maskShape, spacing, {
        toleranceMm: nsd_tolerance_mm,
      }),
    ]);
    const m = all.result;
    const values: Record<string, number> = {
      dice: m.dice,
      hd95: m.hd95,
      hd95_pooled: m.hd95Pooled,
      hd: m.hd,
      assd: m.assd,
      nsd: m.nsd,
    };
    if (dice.result !== m.dice || separate.result[1] !== m.hd95 || separate.result[2] !== m.nsd) {
      result.missing.push(
        `seg ${dataset}: single-metric entry points disagree with computeSegmentationMetrics`,
      );
    }

    let peer: PeerRun | null = null;
    if (ctx.runPeers) {
      // DeepMind surface-distance is optional (not installed here) and has other definitions.
      peer = await runPeer(ctx, SCRIPT, path, ['--no-deepmind']);
      if (!peer.ok) result.missing.push(`seg ${dataset}: peer failed: ${peer.error}`);
    }
    const peerValues = peer?.ok ? flattenPeerValues(peer.output.values) : undefined;
    result.values.push(...checkValues(dataset, values, peerValues));

    const cropped = peerReference(peer, SCRIPT, ['dice', 'surface_metrics_bbox_cropped']);
    const full = peerReference(peer, SCRIPT, ['dice', 'surface_metrics_full_volume']);
    result.rows.push(
      makeRow(
        'seg',
        dataset,
        'Dice',
        dice.timing,
        'diceScore',
        peerReference(peer, SCRIPT, ['dice']),
      ),
      makeRow(
        'seg',
        dataset,
        'Dice + HD95 + HD95 pooled + HD + ASSD + NSD',
        all.timing,
        'computeSegmentationMetrics',
        cropped,
        {
          note: full
            ? `reference = peer's faster bbox-cropped path; vs its full-volume path (${full.ms.toFixed(0)} ms) the ratio is ${(full.ms / all.timing.bestMs).toFixed(1)}×`
            : undefined,
        },
      ),
      makeRow(
        'seg',
        dataset,
        'Dice + HD95 + NSD as three separate calls',
        separate.timing,
        'diceScore + hausdorffDistance95 + normalizedSurfaceDiceScore',
        cropped,
        {
          note: 'surfaces and distance transforms are computed twice; reference as above',
          variant: true,
        },
      ),
    );
    if (dataset === 'seg_256x256x128.json') result.targets.allMetrics256 = all.timing;
  }
  return result;
}
