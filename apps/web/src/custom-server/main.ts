/**
 * The web app's production server: Next's request handler behind a plain Node HTTP server that
 * (1) decides the client's address from the socket (or trusted proxies) and hands it to the app
 * in our own header, and (2) bounds how long a client may take to send headers and bodies.
 * Next itself only fills X-Forwarded-For when the client did not send one, so anything keyed on
 * that header could be bypassed by forging it. With METRICS_PORT it also (3) measures every
 * request for Prometheus, served on that port only. (4) It serves the catalog and the boards to
 * anonymous visitors from an HTML cache keyed on their change stamps (html-cache.ts). Built with
 * esbuild into dist/server.mjs (see the web's build script) and run with `node`.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';
import { applyClientIpHeader, compileTrustedProxies } from './client-ip';
import { withHtmlCache } from './html-cache';
import { createHttpMetrics } from './http-metrics';
import { createPageStamps } from './page-stamps';
import { createNonce, STRICT_TRANSPORT_SECURITY } from '../security/headers';
import { serverEnv } from './env';

const config = serverEnv();
const trust = compileTrustedProxies(config.TRUSTED_PROXIES);
const isHttps = new URL(config.APP_URL).protocol === 'https:';
// dist/server.mjs → the app directory (apps/web), where .next and next.config.ts live.
const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const app = next({
  dev: config.NODE_ENV === 'development',
  dir: appDir,
  hostname: config.LISTEN_HOST,
  port: config.PORT,
});
const nextHandler = app.getRequestHandler();
await app.prepare();

/** The build's id, or null when there is none (development): no HTML cache then. */
function buildId(): string | null {
  try {
    return readFileSync(path.join(appDir, '.next', 'BUILD_ID'), 'utf8').trim();
  } catch {
    return null;
  }
}
const cacheBuildId = config.NODE_ENV === 'production' ? buildId() : null;
const pageStamps =
  cacheBuildId && config.DATABASE_URL && config.HTML_CACHE_MAX_BYTES > 0
    ? createPageStamps(config.DATABASE_URL)
    : null;
const handleRequest =
  pageStamps && cacheBuildId
    ? withHtmlCache(
        {
          buildId: cacheBuildId,
          maxBytes: config.HTML_CACHE_MAX_BYTES,
          maxAgeMs: config.HTML_CACHE_MAX_AGE_MS,
          readStamp: (page) => pageStamps.read(page),
          // Above the read model's 250 ms stamp reuse (see settleMs).
          settleMs: 300,
          createNonce,
          onError: (error) => console.error('html cache: reading a stamp failed', error),
        },
        nextHandler,
      )
    : nextHandler;

const metrics = config.METRICS_PORT === undefined ? null : createHttpMetrics();

const server = createServer((request, response) => {
  metrics?.track(request, response);
  applyClientIpHeader(request, trust);
  // Every response, API and uploads included; browsers only heed it over https.
  if (isHttps) response.setHeader('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
  handleRequest(request, response).catch((error: unknown) => {
    console.error('unhandled error in the request handler', error);
    if (!response.headersSent) response.writeHead(500).end('Internal server error');
    else response.destroy();
  });
});
server.headersTimeout = config.HEADERS_TIMEOUT_MS;
server.requestTimeout = config.REQUEST_TIMEOUT_MS;
server.keepAliveTimeout = config.KEEP_ALIVE_TIMEOUT_MS;

server.listen(config.PORT, config.LISTEN_HOST, () => {
  const proxies = config.TRUSTED_PROXIES.length
    ? `trusting X-Forwarded-For from ${config.TRUSTED_PROXIES.join(', ')}`
    : 'client address from the socket (no trusted proxy)';
  const htmlCache = pageStamps
    ? `HTML cache ${Math.round(config.HTML_CACHE_MAX_BYTES / 1024 / 1024)} MB, ${config.HTML_CACHE_MAX_AGE_MS / 1000} s`
    : 'no HTML cache';
  console.log(
    `MedRank web listening on http://${config.LISTEN_HOST}:${config.PORT} · ${proxies} · ${htmlCache}`,
  );
});

const metricsServer =
  metrics &&
  createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('only GET /metrics\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => response.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(text),
      (error: unknown) => response.writeHead(503).end(`metrics unavailable: ${String(error)}\n`),
    );
  }).listen(config.METRICS_PORT, config.METRICS_HOST, () =>
    console.log(`metrics: http://${config.METRICS_HOST}:${config.METRICS_PORT}/metrics`),
  );

let stopping = false;
function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing the web server`);
  // Stop accepting, let in-flight requests finish, then close Next; bounded in time.
  server.close(() => {
    void Promise.allSettled([app.close(), pageStamps?.close()]).finally(() => process.exit(0));
  });
  server.closeIdleConnections();
  metricsServer?.close();
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
