import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { runReadinessChecks, startHealthServer, type ReadinessCheck } from './health-server.js';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function serve(checks: ReadinessCheck[], checkTimeoutMs = 200) {
  const { server, port } = await startHealthServer({ port: 0, checks, checkTimeoutMs, name: 'w1' });
  servers.push(server);
  return (path: string, method = 'GET') => fetch(`http://127.0.0.1:${port}${path}`, { method });
}

const healthy: ReadinessCheck[] = [
  { name: 'postgres', run: async () => undefined },
  { name: 'redis', run: () => undefined },
];

describe('worker health endpoints', () => {
  it('answers /livez while the process runs, whatever its dependencies say', async () => {
    const get = await serve([{ name: 'postgres', run: () => Promise.reject(new Error('down')) }]);
    const response = await get('/livez');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'alive', worker: 'w1' });
  });

  it('is ready when every check passes, with each check and its time', async () => {
    const get = await serve(healthy);
    const response = await get('/readyz');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { status: string; checks: Record<string, unknown> };
    expect(body.status).toBe('ready');
    expect(Object.keys(body.checks)).toEqual(['postgres', 'redis']);
    expect(body.checks.redis).toMatchObject({ ok: true });
  });

  it('is not ready (503) when a check fails or hangs, naming it and why', async () => {
    const get = await serve(
      [
        ...healthy,
        { name: 'consuming', run: () => Promise.reject(new Error('the scoring worker is paused')) },
        { name: 'slow', run: () => new Promise(() => undefined) },
      ],
      150,
    );
    const response = await get('/readyz');
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; checks: Record<string, unknown> };
    expect(body.status).toBe('not ready');
    expect(body.checks.postgres).toMatchObject({ ok: true });
    expect(body.checks.consuming).toMatchObject({
      ok: false,
      error: 'the scoring worker is paused',
    });
    expect(body.checks.slow).toMatchObject({ ok: false, error: 'no answer within 150 ms' });
  });

  it('refuses other paths and methods with a clear answer', async () => {
    const get = await serve(healthy);
    expect((await get('/metrics')).status).toBe(404); // no metrics given
    expect((await get('/nope')).status).toBe(404);
    const post = await get('/readyz', 'POST');
    expect(post.status).toBe(405);
    expect(await post.json()).toEqual({ error: 'only GET /livez and GET /readyz' });
  });

  it('reports a check that throws synchronously instead of crashing', async () => {
    const result = await runReadinessChecks(
      [
        {
          name: 'consuming',
          run: () => {
            throw new Error('shutting down');
          },
        },
      ],
      1_000,
    );
    expect(result).toMatchObject({
      ready: false,
      checks: { consuming: { ok: false, error: 'shutting down' } },
    });
  });
});
