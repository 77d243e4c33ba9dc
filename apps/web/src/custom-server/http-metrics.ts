import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of the web process, observed by the custom server around Next's handler and
 * served on a port of their own (METRICS_PORT), never through the public site: request latency
 * by route group, method and status class, requests in flight, accepted upload sizes, and the
 * process's memory, CPU and event-loop lag. Route groups are a fixed, small set (no path, id or
 * slug in a label), so the series stay few and say nothing about who asked for what.
 */
export const ROUTE_GROUPS = [
  'upload',
  'api-auth',
  'api',
  'health',
  'static',
  'server-action',
  'page',
] as const;
export type RouteGroup = (typeof ROUTE_GROUPS)[number];

const UPLOAD_PATH = /^\/api\/v1\/benchmarks\/[^/]+\/submissions\/?$/;

/** The route group of a request, from its method, path and headers. */
export function routeGroup(
  method: string,
  url: string,
  headers: IncomingMessage['headers'],
): RouteGroup {
  const pathname = url.split('?')[0] ?? '/';
  if (method === 'POST' && UPLOAD_PATH.test(pathname)) return 'upload';
  if (pathname.startsWith('/api/auth/')) return 'api-auth';
  if (pathname === '/api/health') return 'health';
  if (pathname.startsWith('/api/')) return 'api';
  if (pathname.startsWith('/_next/')) return 'static';
  if (method === 'POST' && headers['next-action']) return 'server-action';
  return 'page';
}

/** "2xx", "4xx", …: a status class keeps the label set small. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

export const LATENCY_BUCKETS_SECONDS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];
export const UPLOAD_BUCKETS_BYTES = [1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];

export interface HttpMetrics {
  registry: Registry;
  /** Call when a request arrives; observes it when its response ends (or the socket closes). */
  track(request: IncomingMessage, response: ServerResponse): void;
}

export function createHttpMetrics(options: { collectProcessMetrics?: boolean } = {}): HttpMetrics {
  const registry = new Registry();
  if (options.collectProcessMetrics ?? true)
    collectDefaultMetrics({ register: registry, prefix: 'medrank_web_' });
  const latency = new Histogram({
    name: 'medrank_web_http_request_duration_seconds',
    help: 'Time from a request arriving to its response ending, by route group, method and status class.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'medrank_web_http_requests_in_flight',
    help: 'Requests being handled now.',
    registers: [registry],
  });
  const aborted = new Counter({
    name: 'medrank_web_http_requests_aborted_total',
    help: 'Requests whose connection closed before the response ended, by route group.',
    labelNames: ['route'] as const,
    registers: [registry],
  });
  const uploads = new Histogram({
    name: 'medrank_web_upload_bytes',
    help: 'Declared size (Content-Length) of accepted prediction uploads.',
    buckets: UPLOAD_BUCKETS_BYTES,
    registers: [registry],
  });

  return {
    registry,
    track(request, response) {
      const started = process.hrtime.bigint();
      const method = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].includes(
        request.method ?? '',
      )
        ? request.method!
        : 'OTHER';
      const route = routeGroup(method, request.url ?? '/', request.headers);
      inFlight.inc();
      let done = false;
      const finish = (completed: boolean) => {
        if (done) return;
        done = true;
        inFlight.dec();
        if (!completed) {
          aborted.inc({ route });
          return;
        }
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        latency.observe({ route, method, status: statusClass(response.statusCode) }, seconds);
        const declared = Number(request.headers['content-length']);
        if (route === 'upload' && response.statusCode === 201 && Number.isFinite(declared))
          uploads.observe(declared);
      };
      response.once('finish', () => finish(true));
      response.once('close', () => finish(response.writableFinished));
    },
  };
}
