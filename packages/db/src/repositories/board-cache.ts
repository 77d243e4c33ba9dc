import type { Database } from '../client.js';
import type { BoardQuery, BoardView } from '../dto.js';
import type { BenchmarkSource, TestSetRows, TestSetSource } from '../leaderboard/board-source.js';
import { loadBenchmarkSource, loadBoardStamp, loadTestSetRows } from './board-loaders.js';

// The board read model's memory. A benchmark is loaded once per change stamp and kept: the stamp
// is one primary-key lookup (at most every STAMP_REUSE_MS per benchmark), so a board of 1,000
// entries is served from memory until a write to that benchmark's boards bumps its stamp
// (loadBoardStamp). A test set's rows are loaded when its tab is first asked for, and built views
// are kept per query as long as their benchmark is the cached one.

/** A stamp checked this recently is trusted without asking Postgres again. */
const STAMP_REUSE_MS = 250;
/** Safety net for a change outside the tables whose triggers bump the stamp. */
const BASE_MAX_AGE_MS = 30_000;
const VIEW_CACHE_SIZE = 256;

/** A loaded benchmark, the stamp it was loaded at, and its test sets' rows once asked for. */
export interface CachedBenchmark extends BenchmarkSource {
  stamp: string;
  builtAt: number;
  /** Entries per test set, loaded when a tab is first asked for. */
  rows: Map<string, Promise<TestSetRows>>;
}

const stamps = new Map<
  string,
  { stamp: string | null; checkedAt: number; benchmarkId: string | null }
>();
const stampQueries = new Map<
  string,
  Promise<{ stamp: string | null; benchmarkId: string | null }>
>();
const bases = new Map<string, CachedBenchmark>();
const baseBuilds = new Map<string, Promise<CachedBenchmark | null>>();
const views = new Map<string, { base: CachedBenchmark; view: BoardView }>();

/** Forgets every cached board (tests that change rows behind the stamp's back use it). */
export function clearBoardCache(): void {
  stamps.clear();
  stampQueries.clear();
  bases.clear();
  baseBuilds.clear();
  views.clear();
}

async function currentStamp(db: Database, slug: string) {
  const known = stamps.get(slug);
  if (known && Date.now() - known.checkedAt < STAMP_REUSE_MS) return known;
  let pending = stampQueries.get(slug);
  if (!pending) {
    pending = loadBoardStamp(db, slug).finally(() => stampQueries.delete(slug));
    stampQueries.set(slug, pending);
  }
  const fresh = await pending;
  const entry = { ...fresh, checkedAt: Date.now() };
  stamps.set(slug, entry);
  return entry;
}

/** The benchmark at its current stamp, from memory or loaded once however many ask at a time. */
export async function getBoardBase(db: Database, slug: string): Promise<CachedBenchmark | null> {
  const { stamp } = await currentStamp(db, slug);
  if (stamp === null) return null;
  const cached = bases.get(slug);
  if (cached && cached.stamp === stamp && Date.now() - cached.builtAt < BASE_MAX_AGE_MS)
    return cached;
  const buildKey = `${slug}\u0000${stamp}`;
  let build = baseBuilds.get(buildKey);
  if (!build) {
    build = loadBenchmarkSource(db, slug)
      .then((source) =>
        source ? { ...source, stamp, builtAt: Date.now(), rows: new Map() } : null,
      )
      .finally(() => baseBuilds.delete(buildKey));
    baseBuilds.set(buildKey, build);
  }
  const base = await build;
  if (base) bases.set(slug, base);
  return base;
}

/** A test set's rows at the base's stamp, loaded on first use. */
export function getTestSetRows(
  db: Database,
  base: CachedBenchmark,
  testSet: TestSetSource,
): Promise<TestSetRows> {
  let rows = base.rows.get(testSet.id);
  if (!rows) {
    rows = loadTestSetRows(db, testSet);
    // A failed load must not stick in the cache.
    rows.catch(() => base.rows.delete(testSet.id));
    base.rows.set(testSet.id, rows);
  }
  return rows;
}

function viewCacheKey(query: BoardQuery): string {
  return JSON.stringify([
    query.slug,
    query.track ?? '',
    query.testSet ?? '',
    query.sort ?? '',
    query.dir ?? '',
    query.view ?? 'all',
    query.q ?? '',
    query.team ?? '',
    query.openWeights ?? '',
    query.from ?? '',
    query.to ?? '',
    query.kind ?? 'all',
  ]);
}

/** The view built for this query from this very base, if it is still kept. */
export function cachedBoardView(base: CachedBenchmark, query: BoardQuery): BoardView | undefined {
  const cached = views.get(viewCacheKey(query));
  return cached && cached.base === base ? cached.view : undefined;
}

export function rememberBoardView(base: CachedBenchmark, query: BoardQuery, view: BoardView) {
  if (views.size >= VIEW_CACHE_SIZE) views.delete(views.keys().next().value!);
  views.set(viewCacheKey(query), { base, view });
}
