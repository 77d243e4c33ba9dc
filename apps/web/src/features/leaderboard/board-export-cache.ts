import { createHash } from 'node:crypto';
import type { getBoard } from '../../api-contract/boards';
import type { JsonBody } from '../../api-contract/operation';
import { paginate, type BoardSearch } from './board-search';
import type { BoardView } from './board-types';
import { toBoardCsv, toBoardExport, boardFileName } from './board-export';

export type BoardExportFormat = 'json' | 'csv';

/** One serialised export, ready to send as is on every request for the same view. */
export interface SerialisedBoard {
  body: Uint8Array;
  /** Strong validator: a digest of the body, computed once when the body is built. */
  etag: string;
  contentType: string;
  fileName: string;
}

/**
 * Serialised exports per board view object. The read model returns the same BoardView object for
 * an unchanged board and query (and a new one once anything on the board changes), so the object
 * is the cache key and its lifetime the cache's: a view dropped by the read model's cache takes
 * its serialised bodies with it. Within one view, keyed by format and optional page.
 */
const bodiesByView = new WeakMap<BoardView, Map<string, SerialisedBoard>>();

/** The export of `view` as JSON or CSV; every entry unless `page`/`perPage` ask for a slice. */
export function serialisedBoard(
  view: BoardView,
  format: BoardExportFormat,
  paging: Pick<BoardSearch, 'page' | 'perPage'> = {},
): SerialisedBoard {
  const paged = Boolean(paging.page || paging.perPage);
  const key = paged ? `${format}:${paging.page ?? '1'}:${paging.perPage ?? ''}` : format;
  let bodies = bodiesByView.get(view);
  if (!bodies) {
    bodies = new Map();
    bodiesByView.set(view, bodies);
  }
  const cached = bodies.get(key);
  if (cached) return cached;

  const board = toBoardExport(view);
  // The JSON body is sent as these bytes, past jsonResponse: typed by the operation's 200 schema
  // here, so a field the contract does not describe is a type error.
  const json: JsonBody<typeof getBoard, '200'> = { board };
  if (paged) {
    const slice = paginate(board.entries, paging);
    board.entries = slice.rows;
    json.page = {
      page: slice.page,
      perPage: slice.perPage,
      pageCount: slice.pageCount,
      total: slice.total,
    };
  }
  const text = format === 'csv' ? toBoardCsv(board) : JSON.stringify(json);
  const body = Buffer.from(text, 'utf8');
  const serialised: SerialisedBoard = {
    body,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
    fileName: boardFileName(board, format),
  };
  bodies.set(key, serialised);
  return serialised;
}

/**
 * Whether an If-None-Match header matches `etag` (RFC 9110 §13.1.2: weak comparison, a list of
 * tags, or `*`).
 */
export function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => strip(tag) === strip(etag));
}
