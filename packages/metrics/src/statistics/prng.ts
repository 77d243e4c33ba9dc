/**
 * Seeded pseudo-random numbers for resampling. Not cryptographic: the goal is that a benchmark's
 * bootstrap is reproducible from its stored seed on any machine and any Node version, which
 * `Math.random` cannot give.
 *
 * Generator: xoshiro128** 1.1 (Blackman & Vigna 2018, https://prng.di.unimi.it/), 128-bit state,
 * 32-bit outputs, all arithmetic in int32 so V8 keeps it in registers. Seeds are expanded to
 * the 128-bit state with cyrb128 (strings) or splitmix32 (uint32), so similar seeds such as
 * "run-1" and "run-2" still give unrelated streams.
 */

export type Seed = string | number;

export interface Rng {
  /** Next uniformly distributed integer in [0, 2^32). */
  nextUint32(): number;
  /** Next uniformly distributed integer in [0, bound); exact (rejection sampling), bound ≤ 2^32. */
  nextInt(bound: number): number;
  /** Next double in [0, 1) with 53 random bits. */
  nextFloat64(): number;
}

/** splitmix32 step: returns [nextState, output]. Used only to expand seeds. */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return [next, (z ^ (z >>> 15)) >>> 0];
}

/** cyrb128 (bryc, public domain): a fast 128-bit string hash, good enough for seeding. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * Expands a seed to xoshiro128's 4×32-bit state. Numbers must be integers in [0, 2^32);
 * strings of any length are hashed. The all-zero state (a fixed point of xoshiro) cannot occur
 * because splitmix32 outputs are mixed with non-zero constants below.
 * @throws {RangeError} when a numeric seed is not a uint32.
 */
export function seedToState(seed: Seed): Uint32Array {
  if (typeof seed === 'number') {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`seed must be a string or an integer in [0, 2^32), got ${seed}`);
    }
    let s = seed | 0;
    const state = new Uint32Array(4);
    for (let i = 0; i < 4; i++) {
      const [next, out] = splitmix32(s);
      s = next;
      state[i] = out;
    }
    if ((state[0]! | state[1]! | state[2]! | state[3]!) === 0) state[0] = 0x9e3779b9;
    return state;
  }
  const state = Uint32Array.from(cyrb128(seed));
  if ((state[0]! | state[1]! | state[2]! | state[3]!) === 0) state[0] = 0x9e3779b9;
  return state;
}

/**
 * Creates an independent xoshiro128** stream from a seed (or an explicit 128-bit state).
 * @example createRng('benchmark-42').nextInt(10) // same value on every run
 */
export function createRng(seed: Seed | Uint32Array): Rng {
  const init = seed instanceof Uint32Array ? seed : seedToState(seed);
  if (init.length !== 4) throw new RangeError('xoshiro128** state must have 4 words');
  let a = init[0]! | 0,
    b = init[1]! | 0,
    c = init[2]! | 0,
    d = init[3]! | 0;
  if ((a | b | c | d) === 0) a = 0x9e3779b9 | 0;

  const nextUint32 = (): number => {
    const t = b << 9;
    let r = Math.imul(b, 5);
    r = Math.imul((r << 7) | (r >>> 25), 9);
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    return r >>> 0;
  };

  const nextInt = (bound: number): number => {
    if (!Number.isInteger(bound) || bound < 1 || bound > 0x100000000) {
      throw new RangeError(`nextInt: bound must be an integer in [1, 2^32], got ${bound}`);
    }
    // Rejecting the lowest (2^32 mod bound) outputs leaves a range whose size is a multiple of
    // bound, so `x % bound` is exactly uniform (no modulo bias, unlike floor(random()*bound)).
    const threshold = (0x100000000 - bound) % bound;
    for (;;) {
      const x = nextUint32();
      if (x >= threshold) return x % bound;
    }
  };

  const nextFloat64 = (): number => {
    const high = nextUint32() >>> 5; // 27 bits
    const low = nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  };

  return { nextUint32, nextInt, nextFloat64 };
}
