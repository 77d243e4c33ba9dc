import type { Timing } from './types.js';

/**
 * Runs `fn` `repeat` times and returns the last result with its timings. `prepare` (untimed)
 * runs before each repeat and its result is passed to `fn`, so state that a repeat would
 * otherwise reuse (e.g. a look-up cache) can be rebuilt outside the timed region.
 */
export function timeIt<T, P = undefined>(
  repeat: number,
  fn: (prepared: P) => T,
  prepare?: () => P,
): { result: T; timing: Timing } {
  const allMs: number[] = [];
  let result: T | undefined;
  for (let r = 0; r < Math.max(1, repeat); r++) {
    const prepared = (prepare ? prepare() : undefined) as P;
    const start = performance.now();
    result = fn(prepared);
    allMs.push(performance.now() - start);
  }
  return { result: result as T, timing: summarize(allMs) };
}

export function summarize(allMs: number[]): Timing {
  return { bestMs: Math.min(...allMs), firstMs: allMs[0] ?? Number.NaN, allMs };
}

/** Sum of several timings: best = sum of the bests (as the peers' `core4_sum_of_min`). */
export function sumTimings(timings: readonly Timing[]): Timing {
  const runs = Math.min(...timings.map((t) => t.allMs.length));
  const allMs = Array.from({ length: runs }, (_, r) =>
    timings.reduce((s, t) => s + (t.allMs[r] ?? 0), 0),
  );
  return {
    bestMs: timings.reduce((s, t) => s + t.bestMs, 0),
    firstMs: timings.reduce((s, t) => s + t.firstMs, 0),
    allMs,
  };
}
