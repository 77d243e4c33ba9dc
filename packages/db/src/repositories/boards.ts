import type { Database } from '../client.js';
import type { BoardQuery, BoardView, BoardViewer } from '../dto.js';
import { resolveTab } from '../leaderboard/board-source.js';
import { buildBoardView } from '../leaderboard/build-board-view.js';
import { cachedBoardView, getBoardBase, getTestSetRows, rememberBoardView } from './board-cache.js';
// Drafts, like restricted numbers, are for the benchmark's curators and site admins only.
import { isBenchmarkCurator as canSeeDraft } from './curators.js';

// The board read model (CONTRACTS.md). Pages only read: rank statistics are precomputed by the
// rank-stats job, and per-case results never leave the `hidden` schema (the web role cannot read
// it). The parts: SQL loaders returning plain rows (board-loaders.ts), a per-benchmark cache keyed
// by the benchmark's change stamp (board-cache.ts), and the pure rules that turn rows into a view
// (leaderboard/build-board-view.ts). The other read models have a file each; `boards.*` exports
// them all.

export { rankedEvaluatorVersion } from './board-loaders.js';
export { clearBoardCache } from './board-cache.js';
export { getBoardHistory } from './board-history.js';
export { getEntry } from './entry-view.js';
export { getModel } from './model-view.js';
export { getBreakdownTable } from './breakdown-table.js';
export { listCategoryTree } from './category-tree.js';

/**
 * One board (CONTRACTS.md): every track × test set as tabs, the chosen tab's entries filtered and
 * sorted server-side (buildBoardView). Returns null for an unknown benchmark, track or test set,
 * and for a draft the viewer may not see (admins and the benchmark's curators may). The same
 * query on an unchanged board returns the same object, so callers may memoise its serialisation.
 */
export async function getBoardView(
  db: Database,
  query: BoardQuery,
  viewer?: BoardViewer | null,
): Promise<BoardView | null> {
  const base = await getBoardBase(db, query.slug);
  if (!base) return null;
  if (base.status === 'DRAFT' && !(await canSeeDraft(db, base.id, viewer))) return null;
  const cached = cachedBoardView(base, query);
  if (cached) return cached;

  const tab = resolveTab(base, query.track, query.testSet);
  if (!tab) return null;
  const rows = await getTestSetRows(db, base, tab.testSet);
  // The release rule is read at the moment the base was loaded: the stamp counts closed phases,
  // so a close loads a new base, and every view of one base agrees.
  const view = buildBoardView({ benchmark: base, ...tab, rows }, query, new Date(base.builtAt));
  rememberBoardView(base, query, view);
  return view;
}
