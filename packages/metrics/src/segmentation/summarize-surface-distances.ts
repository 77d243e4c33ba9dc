import { numpyMean, numpyPercentileSorted, sortedCopy } from '../statistics/numpy-compat.js';
import type { SurfaceDistances } from './surface-distances.js';

/** How empty masks are scored by the surface-distance metrics. */
export interface EmptyMaskOptions {
  /**
   * Returned when both masks are empty: there is no boundary to compare, so the distance is
   * undefined. Default NaN, so mean aggregation can skip the case (Metrics Reloaded treats it
   * as a true negative to be reported separately, not as a perfect or failed segmentation).
   */
  bothEmptyValue?: number;
  /**
   * Returned by the distance metrics when exactly one mask is empty. Default +Infinity: the
   * distance to an empty set is infinite, and, unlike NaN, it cannot be silently dropped by
   * NaN-skipping aggregation, which would reward a model for missing a structure entirely
   * (the pitfall Metrics Reloaded warns about). MONAI and DeepMind also return +Infinity.
   * Pass a finite worst case such as {@link maxDistanceMm} when the benchmark needs a finite
   * mean, as Metrics Reloaded recommends.
   */
  oneEmptyDistanceMm?: number;
}

/** Returns the empty-mask value, or undefined when both masks have a surface. */
export function emptyDistanceValue(
  distances: SurfaceDistances,
  { bothEmptyValue = Number.NaN, oneEmptyDistanceMm = Infinity }: EmptyMaskOptions,
): number | undefined {
  const nP = distances.predictionToTruth.length;
  const nT = distances.truthToPrediction.length;
  if (nP === 0 && nT === 0) return bothEmptyValue;
  if (nP === 0 || nT === 0) return oneEmptyDistanceMm;
  return undefined;
}

/** Both directions concatenated (prediction→truth first), as medpy and the peers pool them. */
export function pooledDistances(distances: SurfaceDistances): Float64Array {
  const { predictionToTruth, truthToPrediction } = distances;
  const both = new Float64Array(predictionToTruth.length + truthToPrediction.length);
  both.set(predictionToTruth);
  both.set(truthToPrediction, predictionToTruth.length);
  return both;
}

/** MONAI: max of the two directed percentiles. Both directions must be non-empty. */
export function directedPercentileMax(distances: SurfaceDistances, percentile: number): number {
  return Math.max(
    numpyPercentileSorted(sortedCopy(distances.predictionToTruth), percentile),
    numpyPercentileSorted(sortedCopy(distances.truthToPrediction), percentile),
  );
}

/** medpy: percentile of the pooled distances. */
export function pooledPercentile(distances: SurfaceDistances, percentile: number): number {
  return numpyPercentileSorted(pooledDistances(distances).sort(), percentile);
}

export function maxDistance(distances: SurfaceDistances): number {
  let max = -Infinity;
  for (const d of distances.predictionToTruth) if (d > max) max = d;
  for (const d of distances.truthToPrediction) if (d > max) max = d;
  return max;
}

export function meanPooledDistance(distances: SurfaceDistances): number {
  return numpyMean(pooledDistances(distances));
}

/** Fraction of surface voxels (both ways) within the tolerance, `<=`. */
export function fractionWithinTolerance(distances: SurfaceDistances, toleranceMm: number): number {
  let within = 0;
  for (const d of distances.predictionToTruth) if (d <= toleranceMm) within++;
  for (const d of distances.truthToPrediction) if (d <= toleranceMm) within++;
  return within / (distances.predictionToTruth.length + distances.truthToPrediction.length);
}

export function assertPercentile(caller: string, percentile: number): void {
  if (!(percentile >= 0 && percentile <= 100)) {
    throw new RangeError(`${caller}: percentile must be in [0, 100] (got ${percentile})`);
  }
}

export function assertToleranceMm(caller: string, toleranceMm: number): void {
  if (!(toleranceMm >= 0) || !Number.isFinite(toleranceMm)) {
    throw new RangeError(`${caller}: toleranceMm must be finite and >= 0 (got ${toleranceMm})`);
  }
}
