// Box detection: VOC mAP@0.5, COCO mAP@0.5 and mAP@[.5:.95], against peer_det.py
// (py-faster-rcnn voc_eval restated, pycocotools COCOeval when importable).
import { join } from 'node:path';
import { evaluateCoco, evaluateFroc, evaluateVoc } from '@medrank/metrics';
import { checkValues, flattenPeerValues } from '../expected.js';
import { readDetectionJson } from '../peer-data.js';
import { peerReference, runPeer, type PeerRun } from '../peers.js';
import { makeRow } from '../rows.js';
import { timeIt } from '../timing.js';
import type { BenchContext, FamilyResult, Timing } from '../types.js';

const DATASET = 'det_n5k.json';
const SCRIPT = 'peer_det.py';

export async function benchDetection(
  ctx: BenchContext,
): Promise<FamilyResult & { targets: { cocoMap: Timing | null } }> {
  const result: FamilyResult & { targets: { cocoMap: Timing | null } } = {
    family: 'det',
    rows: [],
    values: [],
    missing: [],
    targets: { cocoMap: null },
  };
  const path = join(ctx.dataDir, 'det', DATASET);
  const dataset = readDetectionJson(path);
  ctx.log(`det ${DATASET}: ours`);

  const voc = timeIt(ctx.repeat, () => evaluateVoc(dataset).meanAveragePrecision);
  const coco50 = timeIt(
    ctx.repeat,
    () => evaluateCoco(dataset, { iouThresholds: [0.5] }).meanAveragePrecision,
  );
  const coco = timeIt(ctx.repeat, () => evaluateCoco(dataset).meanAveragePrecision);
  const froc = timeIt(ctx.repeat, () => evaluateFroc(dataset).meanSensitivity);
  const values = { map50_voc: voc.result, map50_coco: coco50.result, map_coco_50_95: coco.result };

  let peer: PeerRun | null = null;
  if (ctx.runPeers) {
    peer = await runPeer(ctx, SCRIPT, path);
    if (!peer.ok) result.missing.push(`det: peer failed: ${peer.error}`);
  }
  const peerValues = peer?.ok ? flattenPeerValues(peer.output.values) : undefined;
  const reimpl = peer?.ok ? peer.output.checks?.map50_coco_numpy_reimpl : undefined;
  if (peerValues && typeof reimpl === 'number' && peerValues.map50_coco === undefined)
    peerValues.map50_coco = reimpl;
  result.values.push(...checkValues(DATASET, values, peerValues));

  const pycoco50 = peerReference(peer, SCRIPT, ['map50_coco_pycocotools']);
  const pycoco = peerReference(peer, SCRIPT, ['map_coco_50_95_pycocotools']);
  const numpy50 = peerReference(peer, SCRIPT, ['map50_coco_numpy_reimpl']);
  if (peer?.ok && !pycoco) {
    result.missing.push(
      "det: pycocotools is not importable on this machine (no Debian package; GitHub unreachable), so COCO mAP@[.5:.95] has no same-run reference; COCO mAP@0.5 is compared with peer_det.py's vectorised numpy restatement (one run), a much faster bar than pycocotools",
    );
  }
  result.rows.push(
    makeRow(
      'det',
      DATASET,
      'VOC mAP@0.5 (all-point)',
      voc.timing,
      'evaluateVoc',
      peerReference(peer, SCRIPT, ['map50_voc']),
    ),
    makeRow(
      'det',
      DATASET,
      'COCO mAP@0.5',
      coco50.timing,
      'evaluateCoco({ iouThresholds: [0.5] })',
      pycoco50 ?? numpy50,
      {
        note: pycoco50
          ? 'reference: pycocotools'
          : numpy50
            ? 'reference: peer numpy restatement of COCOeval (1 run), pycocotools absent'
            : undefined,
      },
    ),
    makeRow('det', DATASET, 'COCO mAP@[.5:.95]', coco.timing, 'evaluateCoco', pycoco, {
      note: pycoco
        ? 'reference: pycocotools (1 run)'
        : 'no same-run reference (pycocotools absent)',
    }),
    makeRow(
      'det',
      DATASET,
      'FROC (7 FP rates) + mean sensitivity',
      froc.timing,
      'evaluateFroc',
      null,
      { note: 'no peer computes FROC' },
    ),
  );
  result.targets.cocoMap = coco.timing;
  return result;
}
