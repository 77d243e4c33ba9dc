// Shared shapes of the metrics speed benchmark (bench/metrics/run.ts).

export type Family = 'cls' | 'vqa' | 'text' | 'seg' | 'det';
export const FAMILIES: readonly Family[] = ['cls', 'vqa', 'text', 'seg', 'det'];

/** Wall-clock times of one computation, milliseconds. */
export interface Timing {
  /** Minimum over the repeats (the figure compared). */
  bestMs: number;
  /** The first, cold run (JIT not warmed up yet), as a one-shot scoring job sees it. */
  firstMs: number;
  allMs: number[];
}

/** One value compared with the peers README §6 figure. */
export interface ValueCheck {
  dataset: string;
  metric: string;
  ours: number;
  expected: number;
  /** The Python peer's value in this run, when the peer ran and reported it. */
  peer?: number;
  tolerance: number;
  absError: number;
  ok: boolean;
}

/** A reference timing taken from a Python peer in the same run, seconds → ms. */
export interface ReferenceTiming {
  ms: number;
  /** Peer script and `timing_s` key(s) it comes from. */
  source: string;
  runs: number;
}

/** One timed computation with its same-run reference (if any). */
export interface BenchRow {
  family: Family;
  dataset: string;
  step: string;
  /** What our timed block calls. */
  ours: Timing;
  oursCalls: string;
  reference: ReferenceTiming | null;
  /** reference.ms / ours.bestMs; null without a reference. */
  ratio: number | null;
  note?: string;
  /** For a composite row: each part's best time and its reference. */
  parts?: { step: string; oursBestMs: number; referenceMs: number | null }[];
  /** An alternative path to the same numbers; not used for the family's 2× verdict. */
  variant?: boolean;
}

export interface TargetResult {
  name: string;
  limitMs: number;
  oursMs: number | null;
  /** null: could not be judged (e.g. no same-run reference with --no-peers). */
  pass: boolean | null;
  note?: string;
}

export interface FamilyResult {
  family: Family;
  rows: BenchRow[];
  values: ValueCheck[];
  /** Things that could not be measured (missing API, missing reference, peer failure). */
  missing: string[];
}

export interface BenchContext {
  dataDir: string;
  peersDir: string;
  python: string;
  repeat: number;
  runPeers: boolean;
  peerBootRepeat: number;
  nltkDataDir: string;
  log: (message: string) => void;
}
