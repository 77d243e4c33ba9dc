import { createRng } from '../statistics/prng.js';

/** Seeded random classification data with many tied scores (rounded to `decimals`). */
export function randomBinary(n: number, seed: string, decimals = 2) {
  const rng = createRng(seed);
  const yTrue = new Int32Array(n),
    yScore = new Float64Array(n),
    yPred = new Int32Array(n);
  const scale = 10 ** decimals;
  for (let i = 0; i < n; i++) {
    yTrue[i] = rng.nextFloat64() < 0.3 ? 1 : 0;
    const raw = Math.min(1, Math.max(0, 0.35 + 0.3 * yTrue[i]! + 0.4 * (rng.nextFloat64() - 0.5)));
    yScore[i] = Math.round(raw * scale) / scale;
    yPred[i] = yScore[i]! >= 0.5 ? 1 : 0;
  }
  return { yTrue, yScore, yPred };
}

/** Seeded random multi-class probabilities (rows sum to 1) and labels in 0..k−1. */
export function randomMulticlass(n: number, k: number, seed: string) {
  const rng = createRng(seed);
  const yTrue = new Int32Array(n),
    scores = new Float64Array(n * k),
    yPred = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    yTrue[i] = rng.nextInt(k);
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const w = rng.nextFloat64() + (c === yTrue[i] ? 0.6 : 0);
      scores[i * k + c] = w;
      sum += w;
    }
    let best = 0;
    for (let c = 0; c < k; c++) {
      scores[i * k + c]! /= sum;
      if (scores[i * k + c]! > scores[i * k + best]!) best = c;
    }
    yPred[i] = best;
  }
  return { yTrue, scores, yPred };
}
