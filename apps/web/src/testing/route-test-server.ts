// The REST handlers of app/api/v1 (route.ts files) served on plain node:http, without a Next
// build: for integration tests of the routes and of the CLI that calls them. It is not the
// product's server — no pages, server actions, proxy headers or CSP — but the handlers
// themselves, called as Next calls them (a web Request and `{ params: Promise<…> }`) with the
// web's own configuration (env.ts: DATABASE_URL, REDIS_URL, QUEUE_PREFIX, BLOB_ROOT…).
//
//   TSX_TSCONFIG_PATH=apps/web/tsconfig.json \
//     node --import tsx apps/web/src/testing/route-test-server.ts --port 0
//
// prints "listening on <port>" once it accepts connections. tools/testing/test-platform.ts
// starts it (with a worker) for the tests.
import { readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { register } from 'node:module';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { fileURLToPath, pathToFileURL } from 'node:url';

// `server-only` throws outside Next's server bundle; here every module is server code. The hook
// must be registered before the first route module is imported (they are imported lazily).
register(
  'data:text/javascript,' +
    encodeURIComponent(
      'export async function resolve(specifier, context, next) {' +
        " return specifier === 'server-only' ? { url: 'data:text/javascript,', shortCircuit: true } : next(specifier, context); }",
    ),
);

const API_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../app/api/v1');

interface RouteFile {
  file: string;
  pattern: RegExp;
  params: string[];
  dynamicSegments: number;
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [full] : [];
  });
}

/** app/api/v1/curation/ground-truth-uploads/[id]/confirm/route.ts → ^/api/v1/curation/…/([^/]+)/confirm$ */
function toRoute(file: string): RouteFile {
  const segments = path.relative(API_ROOT, path.dirname(file)).split(path.sep).filter(Boolean);
  const params: string[] = [];
  const parts = segments.map((segment) => {
    const dynamic = /^\[(\.\.\.)?(.+)\]$/.exec(segment);
    if (!dynamic) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    params.push(dynamic[2]!);
    return dynamic[1] ? '(.+)' : '([^/]+)';
  });
  return {
    file,
    pattern: new RegExp(`^${['/api/v1', ...parts].join('/')}$`),
    params,
    dynamicSegments: params.length,
  };
}

// Static segments win over dynamic ones, as in Next.
const routes = routeFiles(API_ROOT)
  .map(toRoute)
  .sort((a, b) => a.dynamicSegments - b.dynamicSegments);

function match(pathname: string) {
  for (const route of routes) {
    const found = route.pattern.exec(pathname);
    if (!found) continue;
    const params = Object.fromEntries(
      route.params.map((name, i) => [name, decodeURIComponent(found[i + 1]!)]),
    );
    return { route, params };
  }
  return null;
}

function toRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(url, {
    method,
    headers,
    signal,
    ...(hasBody
      ? { body: Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>, duplex: 'half' }
      : {}),
  } as RequestInit);
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    Readable.fromWeb(response.body as unknown as NodeReadableStream<Uint8Array>)
      .on('error', reject)
      .pipe(res)
      .on('finish', resolve)
      .on('error', reject);
  });
}

const json = (res: ServerResponse, status: number, code: string, message: string) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code, message } }));
};

const server = createServer((req, res) => {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  void (async () => {
    try {
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      const found = match(pathname);
      if (!found) return json(res, 404, 'NOT_FOUND', `no route for ${pathname}`);
      const module = (await import(pathToFileURL(found.route.file).href)) as Record<
        string,
        unknown
      >;
      const method = req.method ?? 'GET';
      const handler = module[method];
      if (typeof handler !== 'function')
        return json(res, 405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${pathname}`);
      const response = (await handler(toRequest(req, controller.signal), {
        params: Promise.resolve(found.params),
      })) as Response;
      await send(res, response);
    } catch (error) {
      console.error('route test server:', error);
      if (!res.headersSent) json(res, 500, 'INTERNAL', 'route test server error');
      else res.destroy();
    }
  })();
});

const portFlag = process.argv.indexOf('--port');
const port = portFlag >= 0 ? Number(process.argv[portFlag + 1]) : 0;
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening on ${typeof address === 'object' && address ? address.port : port}`);
});
const stop = () => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
