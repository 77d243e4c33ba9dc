/**
 * The change stamps the HTML cache (html-cache.ts) keys the catalog and the boards on, read as
 * the web role: one single-row query per page, reused for `memoMs` at most (and shared by the
 * requests that arrive while it runs), so a write shows on the first request after it.
 *
 * A board page shows the read model's board (whose stamp is the benchmark's `boardStamp`, bumped
 * by triggers in the same transaction as any write to what the board shows, migration
 * `board_stamp`, plus how many phases have closed) and the catalog record around it: the
 * benchmark row and its tracks and test sets (bumped too), the open phase (which phases have
 * opened: time passes without a write) and the links to public test inputs (uploads are applied
 * without touching the benchmark, so their count and last time are read). The catalog shows every
 * published benchmark with its entry counts: every benchmark's id, stamp and status, and the
 * phases opened and closed, anywhere.
 */
import pg from 'pg';
import type { CacheablePage } from './html-cache';

const BOARD_STAMP = `
  SELECT concat_ws('|', b.id, b."boardStamp"::text, b.status::text,
           (SELECT count(*) FILTER (WHERE p."opensAt" <= now()) || ':' ||
                   count(*) FILTER (WHERE p."closesAt" <= now())
              FROM public.phases p WHERE p."benchmarkId" = b.id),
           (SELECT count(*) || ':' || coalesce(max(u."appliedAt")::text, '')
              FROM public.test_inputs_uploads u
              JOIN public.test_sets ts ON ts.id = u."testSetId"
              JOIN public.tracks t ON t.id = ts."trackId"
             WHERE t."benchmarkId" = b.id AND u.status = 'APPLIED')) AS stamp
    FROM public.benchmarks b WHERE b.slug = $1`;

const CATALOG_STAMP = `
  SELECT concat_ws('|',
           (SELECT md5(coalesce(string_agg(b.id || ':' || b."boardStamp" || ':' || b.status, ','
                                           ORDER BY b.id), ''))
              FROM public.benchmarks b),
           (SELECT count(*) FILTER (WHERE p."opensAt" <= now()) || ':' ||
                   count(*) FILTER (WHERE p."closesAt" <= now())
              FROM public.phases p)) AS stamp`;

/** Memo entries kept at most (unknown slugs from crawlers must not grow it without bound). */
const MAX_MEMO = 1_000;

export interface PageStamps {
  /** The stamp and when this process first saw that value (the end of the query that read it). */
  read(page: CacheablePage): Promise<{ stamp: string; seenAt: number } | null>;
  close(): Promise<void>;
}

export function createPageStamps(databaseUrl: string, memoMs = 250): PageStamps {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  // An idle client's error (the database restarted) must not crash the server: the next query
  // reconnects, and a failed read only bypasses the cache.
  pool.on('error', (error) => console.error('html cache: stamp connection error', error.message));
  const memo = new Map<string, { stamp: string | null; readAt: number; seenAt: number }>();
  const pending = new Map<string, { stamp: Promise<string | null>; startedAt: number }>();

  async function query(page: CacheablePage): Promise<string | null> {
    const result =
      page.kind === 'catalog'
        ? await pool.query<{ stamp: string }>(CATALOG_STAMP)
        : await pool.query<{ stamp: string }>(BOARD_STAMP, [page.slug]);
    return result.rows[0]?.stamp ?? null;
  }

  return {
    async read(page) {
      const key = page.kind === 'catalog' ? 'catalog' : `board:${page.slug}`;
      const known = memo.get(key);
      const answer = (entry: { stamp: string | null; seenAt: number }) =>
        entry.stamp === null ? null : { stamp: entry.stamp, seenAt: entry.seenAt };
      if (known && Date.now() - known.readAt < memoMs) return answer(known);
      let reading = pending.get(key);
      if (!reading) {
        reading = {
          stamp: query(page).finally(() => pending.delete(key)),
          startedAt: Date.now(),
        };
        pending.set(key, reading);
      }
      const stamp = await reading.stamp;
      const previous = memo.get(key);
      const seenAt = previous && previous.stamp === stamp ? previous.seenAt : Date.now();
      if (memo.size >= MAX_MEMO) memo.clear();
      // Trusted from when the query started: a write committed while it ran is not vouched for.
      const entry = { stamp, readAt: reading.startedAt, seenAt };
      memo.set(key, entry);
      return answer(entry);
    },
    close: () => pool.end(),
  };
}
