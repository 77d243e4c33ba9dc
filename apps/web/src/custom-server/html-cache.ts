/**
 * The HTML cache of the public pages whose text is a pure function of the URL, a change stamp
 * and the build: the catalog (`/`) and a benchmark's board (`/benchmarks/<slug>`), for
 * anonymous visitors only (issue 12: "a warm board costs about what a static file costs").
 *
 * Why here, in the custom server, and not in Next: every HTML page renders per request because
 * its Content-Security-Policy nonce is new on each response (src/proxy.ts, the root layout's
 * `connection()`), so Next's own caches (ISR, `use cache` on the page) would either reuse a
 * nonce or not apply. The server sees the finished response: it keeps the HTML with the nonce it
 * was rendered with and, on every hit, writes a fresh nonce into the HTML and the header, which
 * is what rendering again would have produced.
 *
 * Soundness:
 * - Only GETs without a better-auth session cookie and without Authorization are looked up or
 *   stored (the app knows the viewer from nothing else: server/require-user.ts), and none of
 *   Next's client-navigation requests (RSC payloads, prefetches, server actions). Whatever a
 *   signed-in curator sees never enters the cache, and nobody signed in is served from it.
 * - Only 200 text/html responses without Set-Cookie are stored, and not when the app says
 *   `Cache-Control: private` or `no-store` on its own. Next itself sends
 *   `private, no-cache, no-store, max-age=0, must-revalidate` on every force-dynamic page
 *   (it means "rendered per request"): that exact value is its default, not the app's wish.
 * - The key is the build id and the URL with its query; an entry is served only while the
 *   page's stamp (page-stamps.ts: the benchmark's `boardStamp`, bumped by triggers in the same
 *   transaction as any write the board shows) is the one it was rendered under, and for at most
 *   `maxAgeMs`, so text that depends on the clock ("closes in 3 days") stays fresh enough.
 * - Bounded in bytes, least recently used first out.
 *
 * Every response of these two routes says what happened in `X-MedRank-Cache`: hit, miss, or
 * bypass (a signed-in or navigation request, or no stamp: unknown benchmark).
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

export const CACHE_HEADER = 'X-MedRank-Cache';

/** What Next sends on every page rendered per request (force-dynamic): not an opt-out by the app. */
export const NEXT_DYNAMIC_CACHE_CONTROL = 'private, no-cache, no-store, max-age=0, must-revalidate';

/** A page the cache may hold, named by what its stamp is read from. */
export type CacheablePage = { kind: 'catalog' } | { kind: 'board'; slug: string };

/** URLs longer than this are not cached (no key is worth kilobytes). */
const MAX_URL_LENGTH = 2_048;

/**
 * The cacheable page at a URL, or null. The board's breakdowns panel is left out: it reads
 * per-category tables that do not bump the benchmark's stamp.
 */
export function cacheablePageOf(url: string): CacheablePage | null {
  if (url.length > MAX_URL_LENGTH) return null;
  const parsed = new URL(url, 'http://localhost');
  if (parsed.searchParams.has('_rsc')) return null;
  if (parsed.pathname === '/') return { kind: 'catalog' };
  const match = /^\/benchmarks\/([^/]+)$/.exec(parsed.pathname);
  if (!match) return null;
  if (parsed.searchParams.getAll('panel').includes('breakdowns')) return null;
  let slug: string;
  try {
    slug = decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
  return /^[a-z0-9][a-z0-9._-]{0,99}$/i.test(slug) ? { kind: 'board', slug } : null;
}

/**
 * Whether a Cookie header holds one of better-auth's cookies (session token, session data,
 * "don't remember"), under its plain name or the `__Secure-`/`__Host-` names it uses on https.
 */
export function hasSessionCookie(cookieHeader: string | undefined): boolean {
  if (!cookieHeader) return false;
  return cookieHeader
    .split(';')
    .some((pair) => /^(?:__Secure-|__Host-)?better-auth\./.test(pair.trim().split('=')[0] ?? ''));
}

/** Next's client navigation, prefetch and server-action requests: their answer is not the HTML. */
const NAVIGATION_HEADERS = [
  'rsc',
  'next-router-state-tree',
  'next-router-prefetch',
  'next-router-segment-prefetch',
  'next-url',
  'next-action',
  'purpose',
];

/** Why a request to a cacheable page may not use the cache, or null when it may. */
export function bypassReason(request: IncomingMessage): string | null {
  if (request.method !== 'GET') return 'method';
  if (request.headers.authorization !== undefined) return 'authorization';
  if (hasSessionCookie(request.headers.cookie)) return 'session';
  if (NAVIGATION_HEADERS.some((name) => request.headers[name] !== undefined)) return 'navigation';
  return null;
}

/** The nonce of a Content-Security-Policy built by htmlContentSecurityPolicy. */
export const nonceOf = (policy: string): string | null =>
  /'nonce-([A-Za-z0-9+/=_-]{16,})'/.exec(policy)?.[1] ?? null;

/** `buffer` cut at every occurrence of `separator` (the parts between, separators left out). */
function splitBuffer(buffer: Buffer, separator: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let at = buffer.indexOf(separator); at !== -1; at = buffer.indexOf(separator, start)) {
    parts.push(buffer.subarray(start, at));
    start = at + separator.length;
  }
  parts.push(buffer.subarray(start));
  return parts;
}

function joinBuffers(parts: readonly Buffer[], separator: Buffer): Buffer {
  const pieces: Buffer[] = [];
  parts.forEach((part, i) => {
    if (i > 0) pieces.push(separator);
    pieces.push(part);
  });
  return Buffer.concat(pieces);
}

/** A stored page: its HTML and policy cut where the nonce was, so a hit puts a new one in. */
interface Entry {
  stamp: string;
  storedAt: number;
  bytes: number;
  headers: [string, string | string[]][];
  policyParts: string[];
  bodyParts: Buffer[];
}

/** Response headers not replayed on a hit: per connection, per response, or set afresh. */
const NOT_REPLAYED = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'date',
  'etag',
  'content-security-policy',
  'strict-transport-security',
  CACHE_HEADER.toLowerCase(),
]);

export interface Captured {
  statusCode: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

/** Why a finished response may not be stored, or null when it may. */
export function unstorableReason(response: Captured): string | null {
  if (response.statusCode !== 200) return `status ${response.statusCode}`;
  if (response.headers['set-cookie'] !== undefined) return 'set-cookie';
  const type = String(response.headers['content-type'] ?? '');
  if (!type.startsWith('text/html')) return `content-type ${type}`;
  const encoding = String(response.headers['content-encoding'] ?? 'identity');
  if (encoding !== 'identity') return `content-encoding ${encoding}`;
  const cacheControl = response.headers['cache-control'];
  if (
    cacheControl !== undefined &&
    String(cacheControl) !== NEXT_DYNAMIC_CACHE_CONTROL &&
    /\b(private|no-store)\b/i.test(String(cacheControl))
  )
    return `cache-control ${String(cacheControl)}`;
  const policy = response.headers['content-security-policy'];
  if (typeof policy !== 'string' || !nonceOf(policy)) return 'no nonce policy';
  return null;
}

export interface HtmlCacheOptions {
  maxBytes: number;
  maxAgeMs: number;
  now?: () => number;
}

/** The store: by key, least recently used first, bounded by the bytes of the bodies. */
export class HtmlCache {
  private readonly entries = new Map<string, Entry>();
  private totalBytes = 0;
  private readonly now: () => number;

  constructor(private readonly options: HtmlCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entry for `key` rendered under `stamp` and young enough; refreshes its recency. */
  private lookup(key: string, stamp: string): Entry | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.stamp !== stamp || this.now() - entry.storedAt >= this.options.maxAgeMs) {
      this.remove(key, entry);
      return null;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /**
   * The stored page with `nonce` in place of the one it was rendered with, in the HTML and the
   * policy; null on a miss.
   */
  serve(
    key: string,
    stamp: string,
    nonce: string,
  ): { headers: [string, string | string[]][]; body: Buffer } | null {
    const entry = this.lookup(key, stamp);
    if (!entry) return null;
    const body = joinBuffers(entry.bodyParts, Buffer.from(nonce));
    return {
      headers: [
        ...entry.headers,
        ['content-security-policy', entry.policyParts.join(nonce)],
        ['content-length', String(body.length)],
      ],
      body,
    };
  }

  /** Stores a finished response if it may be; returns why not otherwise. */
  store(key: string, stamp: string, response: Captured): string | null {
    const reason = unstorableReason(response);
    if (reason) return reason;
    const policy = response.headers['content-security-policy'] as string;
    const nonce = nonceOf(policy)!;
    const bodyParts = splitBuffer(response.body, Buffer.from(nonce));
    // Next puts the nonce on its scripts; a page without it would be served without scripts.
    if (bodyParts.length < 2) return 'nonce not in the HTML';
    const bytes = response.body.length;
    if (bytes > this.options.maxBytes / 4) return `too large (${bytes} bytes)`;
    const headers = Object.entries(response.headers).flatMap(
      ([name, value]): [string, string | string[]][] =>
        value === undefined || NOT_REPLAYED.has(name.toLowerCase())
          ? []
          : [[name, Array.isArray(value) ? value : String(value)]],
    );
    const previous = this.entries.get(key);
    if (previous) this.remove(key, previous);
    this.entries.set(key, {
      stamp,
      storedAt: this.now(),
      bytes,
      headers,
      policyParts: policy.split(nonce),
      bodyParts,
    });
    this.totalBytes += bytes;
    for (const [oldKey, oldEntry] of this.entries) {
      if (this.totalBytes <= this.options.maxBytes) break;
      this.remove(oldKey, oldEntry);
    }
    return null;
  }

  private remove(key: string, entry: Entry) {
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
  }
}

type Write = ServerResponse['write'];
type End = ServerResponse['end'];
type WriteHead = ServerResponse['writeHead'];

const toBuffer = (chunk: unknown, encoding: unknown): Buffer | null =>
  typeof chunk === 'string'
    ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
    : chunk instanceof Uint8Array
      ? Buffer.from(chunk)
      : null;

/**
 * Tees what the handler writes to `response` (it still streams to the client as before) and
 * calls `onFinish` with the status, headers and body once the response has been sent in full.
 * A response cut short (client gone, handler error) never reaches `onFinish`.
 */
export function captureResponse(
  response: ServerResponse,
  maxBytes: number,
  onFinish: (captured: Captured) => void,
): void {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let overflow = false;
  const headHeaders: OutgoingHttpHeaders = {};
  const collect = (chunk: unknown, encoding: unknown) => {
    if (overflow) return;
    const buffer = toBuffer(chunk, encoding);
    if (!buffer) return;
    bytes += buffer.length;
    if (bytes > maxBytes) {
      overflow = true;
      chunks.length = 0;
    } else chunks.push(buffer);
  };
  const writeHead = response.writeHead;
  const write = response.write;
  const end = response.end;
  response.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    // writeHead(status, [message], [headers]); headers as an object or a flat array of pairs.
    const headers = args.find((a, i) => i > 0 && typeof a === 'object' && a !== null);
    if (Array.isArray(headers)) {
      for (let i = 0; i + 1 < headers.length; i += 2)
        headHeaders[String(headers[i]).toLowerCase()] = headers[i + 1] as string;
    } else if (headers)
      for (const [name, value] of Object.entries(headers as OutgoingHttpHeaders))
        headHeaders[name.toLowerCase()] = value;
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as WriteHead;
  response.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    collect(chunk, rest[0]);
    return (write as (...a: unknown[]) => boolean).apply(this, [chunk, ...rest]);
  } as Write;
  response.end = function (this: ServerResponse, ...args: unknown[]) {
    if (typeof args[0] !== 'function') collect(args[0], args[1]);
    return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as End;
  response.once('finish', () => {
    if (overflow) return;
    onFinish({
      statusCode: response.statusCode,
      headers: { ...response.getHeaders(), ...headHeaders },
      body: Buffer.concat(chunks),
    });
  });
}

export interface HtmlCacheHandlerOptions extends HtmlCacheOptions {
  /** Part of every key: a new build never serves an old build's HTML. */
  buildId: string;
  /**
   * The page's current change stamp and when this process first saw that value; null when the
   * page has none (unknown benchmark).
   */
  readStamp: (page: CacheablePage) => Promise<{ stamp: string; seenAt: number } | null>;
  /**
   * How long after a stamp was first seen a render may be stored under it. The board read model
   * trusts its own stamp for up to 250 ms (STAMP_REUSE_MS in packages/db's board-cache.ts), so
   * a render started sooner after a write may still show the board before it: stored under the
   * new stamp, it would outlive the write until `maxAgeMs`. Such renders are sent, not stored.
   */
  settleMs?: number;
  createNonce: () => string;
  onError?: (error: unknown) => void;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** Wraps the app's handler with the cache (see the top of this file). */
export function withHtmlCache(
  options: HtmlCacheHandlerOptions,
  handle: Handler,
): Handler & { cache: HtmlCache } {
  const cache = new HtmlCache(options);
  const now = options.now ?? Date.now;
  const wrapped = async (request: IncomingMessage, response: ServerResponse) => {
    const url = request.url ?? '/';
    const page = request.method === 'GET' ? cacheablePageOf(url) : null;
    if (!page) return handle(request, response);
    if (bypassReason(request)) {
      response.setHeader(CACHE_HEADER, 'bypass');
      return handle(request, response);
    }
    let current: { stamp: string; seenAt: number } | null;
    try {
      current = await options.readStamp(page);
    } catch (error) {
      options.onError?.(error);
      current = null;
    }
    if (current === null) {
      response.setHeader(CACHE_HEADER, 'bypass');
      return handle(request, response);
    }
    const { stamp, seenAt } = current;
    const key = `${options.buildId}\u0000${url}`;
    const hit = cache.serve(key, stamp, options.createNonce());
    if (hit) {
      response.setHeader(CACHE_HEADER, 'hit');
      for (const [name, value] of hit.headers) response.setHeader(name, value);
      response.writeHead(200).end(hit.body);
      return;
    }
    response.setHeader(CACHE_HEADER, 'miss');
    // The stored copy is plain HTML: Next compresses when asked, and a compressed body has no
    // nonce to replace. A miss is sent uncompressed, like every hit.
    delete request.headers['accept-encoding'];
    if (now() - seenAt >= (options.settleMs ?? 0))
      captureResponse(response, options.maxBytes / 4, (captured) => {
        cache.store(key, stamp, captured);
      });
    return handle(request, response);
  };
  return Object.assign(wrapped, { cache });
}
