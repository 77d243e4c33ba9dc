import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNonce, htmlContentSecurityPolicy } from '../security/headers';
import {
  CACHE_HEADER,
  HtmlCache,
  NEXT_DYNAMIC_CACHE_CONTROL,
  cacheablePageOf,
  hasSessionCookie,
  withHtmlCache,
  type CacheablePage,
} from './html-cache';

describe('cacheablePageOf', () => {
  it('names the catalog and a board, with any query', () => {
    expect(cacheablePageOf('/')).toEqual({ kind: 'catalog' });
    expect(cacheablePageOf('/?q=chest')).toEqual({ kind: 'catalog' });
    expect(cacheablePageOf('/benchmarks/breastmnist?sort=accuracy&page=2')).toEqual({
      kind: 'board',
      slug: 'breastmnist',
    });
  });

  it('leaves out other pages, the breakdowns panel, RSC requests and odd slugs', () => {
    expect(cacheablePageOf('/benchmarks/breastmnist/entries/x')).toBeNull();
    expect(cacheablePageOf('/benchmarks/breastmnist?panel=breakdowns')).toBeNull();
    expect(cacheablePageOf('/benchmarks/breastmnist?_rsc=abc')).toBeNull();
    expect(cacheablePageOf('/benchmarks/%E0%A4%A')).toBeNull();
    expect(cacheablePageOf('/benchmarks/a%20b')).toBeNull();
    expect(cacheablePageOf('/account')).toBeNull();
    expect(cacheablePageOf(`/?q=${'x'.repeat(3000)}`)).toBeNull();
  });
});

describe('hasSessionCookie', () => {
  it("finds better-auth's cookies under their plain and secure names", () => {
    expect(hasSessionCookie('better-auth.session_token=abc')).toBe(true);
    expect(hasSessionCookie('theme=dark; __Secure-better-auth.session_token=abc')).toBe(true);
    expect(hasSessionCookie('better-auth.session_data=x')).toBe(true);
    expect(hasSessionCookie('__Host-better-auth.dont_remember=1')).toBe(true);
  });

  it('ignores other cookies and no cookie', () => {
    expect(hasSessionCookie(undefined)).toBe(false);
    expect(hasSessionCookie('theme=dark; other=better-auth.session_token')).toBe(false);
  });
});

describe('HtmlCache', () => {
  const response = (nonce: string, body: string, extra: Record<string, string> = {}) => ({
    statusCode: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': htmlContentSecurityPolicy({ nonce, isDevelopment: false }),
      'cache-control': NEXT_DYNAMIC_CACHE_CONTROL,
      ...extra,
    },
    body: Buffer.from(body),
  });
  const page = (nonce: string, text = '') =>
    `<html><script nonce="${nonce}">1</script>${text}<script nonce="${nonce}" src="/a.js"></script></html>`;

  it('evicts the least recently used pages when over its size in bytes', () => {
    const nonce = createNonce();
    const body = page(nonce, 'x'.repeat(100));
    const cache = new HtmlCache({ maxBytes: body.length * 4.5, maxAgeMs: 60_000 });
    for (const key of ['a', 'b', 'c', 'd'])
      expect(cache.store(key, 's', response(nonce, body))).toBeNull();
    expect(cache.serve('a', 's', createNonce())).not.toBeNull(); // a is now the most recent
    cache.store('e', 's', response(nonce, body));
    expect(cache.size).toBe(4);
    expect(cache.bytes).toBeLessThanOrEqual(body.length * 4.5);
    expect(cache.serve('b', 's', createNonce())).toBeNull();
    for (const key of ['a', 'c', 'd', 'e'])
      expect(cache.serve(key, 's', createNonce())).not.toBeNull();
  });

  it('serves a page only under the stamp it was rendered with and within its age', () => {
    let now = 1_000;
    const nonce = createNonce();
    const cache = new HtmlCache({ maxBytes: 1_000_000, maxAgeMs: 30_000, now: () => now });
    cache.store('k', 'stamp-1', response(nonce, page(nonce)));
    expect(cache.serve('k', 'stamp-2', createNonce())).toBeNull();
    expect(cache.size).toBe(0);
    cache.store('k', 'stamp-2', response(nonce, page(nonce)));
    now += 29_999;
    expect(cache.serve('k', 'stamp-2', createNonce())).not.toBeNull();
    now += 1;
    expect(cache.serve('k', 'stamp-2', createNonce())).toBeNull();
  });

  it('refuses what must not be stored, saying why', () => {
    const nonce = createNonce();
    const cache = new HtmlCache({ maxBytes: 1_000_000, maxAgeMs: 30_000 });
    const ok = response(nonce, page(nonce));
    expect(cache.store('k', 's', { ...ok, statusCode: 404 })).toBe('status 404');
    expect(
      cache.store('k', 's', response(nonce, page(nonce), { 'set-cookie': 'a=b' } as never)),
    ).toBe('set-cookie');
    expect(
      cache.store('k', 's', response(nonce, page(nonce), { 'cache-control': 'private' })),
    ).toBe('cache-control private');
    expect(
      cache.store('k', 's', response(nonce, page(nonce), { 'cache-control': 'no-store' })),
    ).toBe('cache-control no-store');
    expect(
      cache.store('k', 's', response(nonce, page(nonce), { 'content-encoding': 'gzip' })),
    ).toBe('content-encoding gzip');
    expect(cache.store('k', 's', response(nonce, '<html>no scripts</html>'))).toBe(
      'nonce not in the HTML',
    );
    expect(cache.store('k', 's', { ...ok, headers: { 'content-type': 'text/html' } })).toBe(
      'no nonce policy',
    );
    expect(cache.size).toBe(0);
    expect(
      cache.store(
        'k',
        's',
        response(nonce, page(nonce), { 'cache-control': 'public, max-age=60' }),
      ),
    ).toBeNull();
  });
});

// The cache around a real HTTP server whose handler answers like Next: a policy with a new nonce
// per response and the nonce on its scripts. `handlerExtra` lets a test make it answer otherwise.
describe('withHtmlCache over HTTP', () => {
  let server: Server | undefined;
  afterEach(
    () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  );

  async function start(
    stamps: Map<string, string>,
    handlerExtra: (request: IncomingMessage, response: ServerResponse) => void = () => {},
    // Stamps were seen long ago (settled) unless a test says otherwise.
    seenAt: (stamp: string) => number = () => 0,
  ) {
    let renders = 0;
    const handler = withHtmlCache(
      {
        buildId: 'build-1',
        maxBytes: 1_000_000,
        maxAgeMs: 30_000,
        readStamp: async (p: CacheablePage) => {
          const stamp = stamps.get(p.kind === 'catalog' ? 'catalog' : p.slug);
          return stamp === undefined ? null : { stamp, seenAt: seenAt(stamp) };
        },
        settleMs: 300,
        createNonce,
      },
      async (request, response) => {
        renders++;
        const nonce = createNonce();
        response.setHeader(
          'Content-Security-Policy',
          htmlContentSecurityPolicy({ nonce, isDevelopment: false }),
        );
        response.setHeader('Cache-Control', NEXT_DYNAMIC_CACHE_CONTROL);
        response.setHeader('Content-Type', 'text/html; charset=utf-8');
        response.setHeader('X-Encoding-Asked', String(request.headers['accept-encoding']));
        handlerExtra(request, response);
        const signedIn = Boolean(request.headers.cookie || request.headers.authorization);
        // Streamed in pieces, as Next does.
        response.write(`<html><script nonce="${nonce}">self.x=1</script>`);
        response.write(`<p>render ${renders} of ${request.url}</p>`);
        response.end(
          `${signedIn ? '<p>curator tools</p>' : ''}<script nonce="${nonce}" src="/app.js"></script></html>`,
        );
      },
    );
    server = createServer((request, response) => void handler(request, response));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { base, cache: handler.cache, renders: () => renders };
  }

  const scriptNonces = (html: string) => [...html.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]);

  it('serves a second anonymous request from the cache with a new nonce in the HTML and the header', async () => {
    const { base, renders } = await start(new Map([['board-a', '1']]));
    const first = await fetch(`${base}/benchmarks/board-a?page=2`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    const firstHtml = await first.text();
    expect(first.headers.get(CACHE_HEADER)).toBe('miss');
    expect(first.headers.get('x-encoding-asked')).toBe('undefined');
    const second = await fetch(`${base}/benchmarks/board-a?page=2`);
    const third = await fetch(`${base}/benchmarks/board-a?page=2`);
    const [secondHtml, thirdHtml] = [await second.text(), await third.text()];
    expect(second.headers.get(CACHE_HEADER)).toBe('hit');
    expect(third.headers.get(CACHE_HEADER)).toBe('hit');
    expect(renders()).toBe(1);
    expect(secondHtml).toContain('render 1 of /benchmarks/board-a?page=2');
    const nonces = [first, second, third].map(
      (r) => /'nonce-([^']+)'/.exec(r.headers.get('content-security-policy')!)![1]!,
    );
    expect(new Set(nonces).size).toBe(3);
    for (const [html, nonce] of [
      [firstHtml, nonces[0]],
      [secondHtml, nonces[1]],
      [thirdHtml, nonces[2]],
    ] as const)
      expect(scriptNonces(html)).toEqual([nonce, nonce]);
    expect(secondHtml).not.toContain(nonces[0]);
    expect(Number(second.headers.get('content-length'))).toBe(Buffer.byteLength(secondHtml));
    // Another query is another page.
    const other = await fetch(`${base}/benchmarks/board-a?page=3`);
    expect(other.headers.get(CACHE_HEADER)).toBe('miss');
  });

  it('renders again once the stamp changes', async () => {
    const stamps = new Map([['catalog', '1']]);
    const { base, renders } = await start(stamps);
    await (await fetch(`${base}/`)).text();
    expect((await fetch(`${base}/`)).headers.get(CACHE_HEADER)).toBe('hit');
    stamps.set('catalog', '2');
    const after = await fetch(`${base}/`);
    expect(after.headers.get(CACHE_HEADER)).toBe('miss');
    expect(await after.text()).toContain('render 2 of /');
    expect(renders()).toBe(2);
  });

  it('never looks up or stores a signed-in or navigation request', async () => {
    const { base, cache } = await start(new Map([['board-a', '1']]));
    const requests: [Record<string, string>, string][] = [
      [{ cookie: 'better-auth.session_token=abc' }, 'curator tools'],
      [{ authorization: 'Bearer mrk_x' }, 'curator tools'],
      [{ rsc: '1' }, 'render'],
      [{ 'next-router-prefetch': '1' }, 'render'],
    ];
    for (const [headers, text] of requests) {
      const response = await fetch(`${base}/benchmarks/board-a`, { headers });
      expect(response.headers.get(CACHE_HEADER)).toBe('bypass');
      expect(await response.text()).toContain(text);
    }
    expect(cache.size).toBe(0);
    await (await fetch(`${base}/benchmarks/board-a`)).text();
    const anonymous = await fetch(`${base}/benchmarks/board-a`);
    expect(anonymous.headers.get(CACHE_HEADER)).toBe('hit');
    expect(await anonymous.text()).not.toContain('curator tools');
    const signedIn = await fetch(`${base}/benchmarks/board-a`, {
      headers: { cookie: 'better-auth.session_token=abc' },
    });
    expect(signedIn.headers.get(CACHE_HEADER)).toBe('bypass');
    expect(await signedIn.text()).toContain('curator tools');
  });

  it('does not store responses with Set-Cookie or the app’s own no-store, nor unknown benchmarks', async () => {
    const { base, cache } = await start(new Map([['board-a', '1']]), (request, response) => {
      if (request.url?.includes('cookie')) response.setHeader('Set-Cookie', 'a=b');
      if (request.url?.includes('private')) response.setHeader('Cache-Control', 'private');
    });
    for (const url of ['/benchmarks/board-a?cookie', '/benchmarks/board-a?private']) {
      await (await fetch(base + url)).text();
      expect((await fetch(base + url)).headers.get(CACHE_HEADER)).toBe('miss');
    }
    expect((await fetch(`${base}/benchmarks/unknown`)).headers.get(CACHE_HEADER)).toBe('bypass');
    expect(cache.size).toBe(0);
  });

  it('does not store a render started within settleMs of a new stamp (the read model may lag)', async () => {
    const firstSeen = new Map<string, number>();
    const seenAt = (stamp: string) => {
      if (!firstSeen.has(stamp)) firstSeen.set(stamp, Date.now());
      return firstSeen.get(stamp)!;
    };
    const { base, cache } = await start(new Map([['board-a', '1']]), () => {}, seenAt);
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${base}/benchmarks/board-a`);
      expect(response.headers.get(CACHE_HEADER)).toBe('miss');
      await response.text();
    }
    expect(cache.size).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 320));
    await (await fetch(`${base}/benchmarks/board-a`)).text();
    expect((await fetch(`${base}/benchmarks/board-a`)).headers.get(CACHE_HEADER)).toBe('hit');
  });
});
