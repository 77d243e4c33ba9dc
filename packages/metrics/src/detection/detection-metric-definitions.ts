import type { MetricDefinition } from '../metric-definition.js';

const BOXES =
  'Boxes are [x1, y1, x2, y2] in continuous pixels; IoU uses areas w·h with w = x2 − x1 (no "+1" pixel).';

/** Ranking metadata of the detection metrics; bump `version` whenever a score would change. */
export const detectionMetricDefinitions = [
  {
    key: 'map50_coco',
    label: 'mAP@0.5 (COCO)',
    version: 1,
    higherIsBetter: true,
    range: [0, 1],
    definition:
      'COCO average precision at IoU 0.5, equal to pycocotools COCOeval (bbox, iouThrs=[0.5], area all, maxDets 100 per ' +
      'image and category): greedy matching of score-ranked detections to the best unmatched ground truth with IoU ≥ 0.5, ' +
      'precision tp/(tp+fp+2^-52) made monotone and read at the 101 recall thresholds j·0.01 (searchsorted left), mean ' +
      `over recall points and categories with ground truth. ${BOXES}`,
  },
  {
    key: 'map_coco_50_95',
    label: 'mAP@[.5:.95] (COCO)',
    version: 1,
    higherIsBetter: true,
    range: [0, 1],
    definition:
      'COCO primary metric: the COCO average precision above averaged over the ten IoU thresholds 0.50:0.05:0.95 ' +
      `(np.linspace values), equal to pycocotools COCOeval stats[0] for bbox with area all and maxDets 100. ${BOXES}`,
  },
  {
    key: 'map50_voc',
    label: 'mAP@0.5 (VOC)',
    version: 1,
    higherIsBetter: true,
    range: [0, 1],
    definition:
      'PASCAL VOC2010+ mean over classes of all-point interpolated AP, equal to py-faster-rcnn voc_eval ' +
      '(use_07_metric=False) without difficult flags: each score-ranked detection takes its best-IoU ground truth, a true ' +
      'positive if IoU > 0.5 and that box is still free, otherwise a false positive (duplicates included); no detection ' +
      `limit. ${BOXES}`,
  },
  {
    key: 'froc_mean_sensitivity',
    label: 'FROC mean sensitivity',
    version: 1,
    higherIsBetter: true,
    range: [0, 1],
    definition:
      'Mean lesion sensitivity at 1/8, 1/4, 1/2, 1, 2, 4 and 8 average false positives per image (the LUNA16 CPM ' +
      'operating points): predictions of all classes pooled, matched per image in score order to an unmatched ground ' +
      'truth of the same class with IoU ≥ 0.5 (or centre inside the box when so configured), misses and duplicates ' +
      'counting as false positives; at each rate the best sensitivity of a score threshold within it, without ' +
      `interpolation. ${BOXES}`,
  },
] as const satisfies readonly MetricDefinition[];
