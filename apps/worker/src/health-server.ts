import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Liveness, readiness and metrics over HTTP for supervisors, orchestrators and Prometheus
 * (WORKER_HEALTH_PORT):
 * - `GET /livez`: 200 while the process answers at all (its event loop is not stuck);
 * - `GET /readyz`: 200 when every readiness check passes within its time limit — the worker
 *   reaches Postgres and Redis and is consuming its queue — else 503, naming the failed check;
 * - `GET /metrics`: Prometheus text (metrics.ts), when metrics are given.
 * Answers carry no configuration and no data: a check's error is its message only.
 */
export interface ReadinessCheck {
  name: string;
  /** Resolves when healthy; throws (or rejects) with the reason otherwise. */
  run: () => Promise<void> | void;
}

export interface CheckResult {
  ok: boolean;
  ms: number;
  error?: string;
}

export async function runReadinessChecks(
  checks: readonly ReadinessCheck[],
  timeoutMs: number,
): Promise<{ ready: boolean; checks: Record<string, CheckResult> }> {
  const results = await Promise.all(
    checks.map(async (check): Promise<[string, CheckResult]> => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(check.run),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`no answer within ${timeoutMs} ms`)),
              timeoutMs,
            );
          }),
        ]);
        return [check.name, { ok: true, ms: Math.round(performance.now() - started) }];
      } catch (error) {
        return [
          check.name,
          {
            ok: false,
            ms: Math.round(performance.now() - started),
            error: error instanceof Error ? error.message : String(error),
          },
        ];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return {
    ready: results.every(([, result]) => result.ok),
    checks: Object.fromEntries(results),
  };
}

export async function startHealthServer(options: {
  port: number;
  host?: string;
  checks: readonly ReadinessCheck[];
  checkTimeoutMs?: number;
  /** Name reported in the answers (WORKER_NAME). */
  name: string;
  metrics?: { contentType: string; render: () => Promise<string> };
}): Promise<{ server: Server; port: number }> {
  const routes = options.metrics
    ? 'only GET /livez, GET /readyz and GET /metrics'
    : 'only GET /livez and GET /readyz';
  const startedAt = Date.now();
  const server = createServer((request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, {
        'Content-Type': 'application/json',
        'Cache-Control': 'no-store',
      });
      response.end(JSON.stringify(body));
    };
    const url = new URL(request.url ?? '/', 'http://worker');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(405, { error: routes });
      return;
    }
    if (url.pathname === '/livez') {
      send(200, {
        status: 'alive',
        worker: options.name,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      });
      return;
    }
    if (url.pathname === '/readyz') {
      void runReadinessChecks(options.checks, options.checkTimeoutMs ?? 2_000).then(
        ({ ready, checks }) =>
          send(ready ? 200 : 503, {
            status: ready ? 'ready' : 'not ready',
            worker: options.name,
            checks,
          }),
      );
      return;
    }
    if (url.pathname === '/metrics' && options.metrics) {
      const { contentType, render } = options.metrics;
      render().then(
        (text) => {
          response.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
          response.end(text);
        },
        (error: unknown) =>
          send(503, {
            error: `metrics unavailable: ${error instanceof Error ? error.message : String(error)}`,
          }),
      );
      return;
    }
    send(404, { error: routes });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}
