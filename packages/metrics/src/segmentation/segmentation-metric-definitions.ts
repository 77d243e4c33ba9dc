import type { MetricDefinition } from '../metric-definition.js';

const SURFACE =
  'Surfaces are mask xor erode(mask) with the 6-connected cross, voxels on the array border counting as surface ' +
  '(scipy binary_erosion, border_value=0), and distances are exact Euclidean distances in mm between voxel centres ' +
  'with the voxel spacing (scipy distance_transform_edt(sampling=spacing) evaluated at the other surface).';
const EMPTY_DISTANCE =
  'Both masks empty: NaN (no boundary, reported separately); exactly one empty: +Infinity, so a missed structure ' +
  'cannot drop out of a NaN-skipping mean (Metrics Reloaded); callers may substitute the image diagonal.';

/** Ranking metadata of the segmentation metrics; bump `version` whenever a score would change. */
export const segmentationMetricDefinitions = [
  {
    key: 'dice',
    label: 'Dice',
    version: 1,
    higherIsBetter: true,
    range: [0, 1],
    definition:
      'Dice similarity coefficient 2|P∩T|/(|P|+|T|) of binary masks (non-zero = foreground); 0 when exactly one mask ' +
      'is empty, NaN when both are; per label for label maps, then the unweighted mean over labels present in either ' +
      'volume. Matches MONAI DiceMetric (include_background=False) and the peers peer_seg.py dice exactly.',
  },
  {
    key: 'iou',
    label: 'IoU (Jaccard)',
    version: 1,
    higherIsBetter: true,
    range: [0, 1],
    definition:
      'Intersection over union |P∩T|/|P∪T| of binary masks (Jaccard index, = Dice/(2−Dice)); 0 when exactly one mask ' +
      'is empty, NaN when both are. Matches MONAI MeanIoU (include_background=False).',
  },
  {
    key: 'hd95',
    label: 'HD95',
    version: 1,
    higherIsBetter: false,
    range: [0, Infinity],
    unit: 'mm',
    definition:
      'Robust Hausdorff distance, MONAI convention: max of the 95th percentiles (numpy linear interpolation) of the ' +
      `two directed surface-distance sets, MONAI compute_hausdorff_distance(percentile=95). ${SURFACE} ${EMPTY_DISTANCE}`,
  },
  {
    key: 'hd95_pooled',
    label: 'HD95 (pooled)',
    version: 1,
    higherIsBetter: false,
    range: [0, Infinity],
    unit: 'mm',
    definition:
      '95th percentile (numpy linear interpolation) of both directed surface-distance sets pooled, the medpy ' +
      `metric.binary.hd95 convention; lower than the MONAI convention when one direction dominates. ${SURFACE} ${EMPTY_DISTANCE}`,
  },
  {
    key: 'hd',
    label: 'Hausdorff distance',
    version: 1,
    higherIsBetter: false,
    range: [0, Infinity],
    unit: 'mm',
    definition:
      'Largest distance from a surface voxel of either mask to the other mask surface (MONAI compute_hausdorff_distance ' +
      `without percentile, medpy hd). ${SURFACE} ${EMPTY_DISTANCE}`,
  },
  {
    key: 'assd',
    label: 'ASSD',
    version: 1,
    higherIsBetter: false,
    range: [0, Infinity],
    unit: 'mm',
    definition:
      'Average symmetric surface distance: mean over the surface voxels of both masks of the distance to the other ' +
      `surface, both directions pooled (medpy assd; MONAI compute_average_surface_distance(symmetric=True)). ${SURFACE} ${EMPTY_DISTANCE}`,
  },
  {
    key: 'nsd',
    label: 'NSD',
    version: 1,
    higherIsBetter: true,
    range: [0, 1],
    definition:
      'Normalized surface Dice at a tolerance τ in mm, voxel-count version: (#{d(P→T) ≤ τ} + #{d(T→P) ≤ τ}) / ' +
      '(|∂P| + |∂T|), equal to MONAI compute_surface_dice(use_subvoxels=False); DeepMind surface-distance weights ' +
      `surfels by area and differs. ${SURFACE} 0 when exactly one mask is empty, NaN when both are.`,
  },
] as const satisfies readonly MetricDefinition[];
