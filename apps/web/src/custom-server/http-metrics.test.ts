import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpMetrics, routeGroup, statusClass } from './http-metrics';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

describe('routeGroup', () => {
  it('puts every request in one of a few groups, never naming a path', () => {
    expect(routeGroup('POST', '/api/v1/benchmarks/vqa-rad/submissions', {})).toBe('upload');
    expect(routeGroup('GET', '/api/v1/benchmarks/vqa-rad/submissions', {})).toBe('api');
    expect(routeGroup('POST', '/api/auth/sign-in/email', {})).toBe('api-auth');
    expect(routeGroup('GET', '/api/health', {})).toBe('health');
    expect(routeGroup('GET', '/api/v1/benchmarks?x=1', {})).toBe('api');
    expect(routeGroup('GET', '/_next/static/chunks/a.js', {})).toBe('static');
    expect(routeGroup('POST', '/account', { 'next-action': 'abc' })).toBe('server-action');
    expect(routeGroup('GET', '/benchmarks/breastmnist?tab=x', {})).toBe('page');
  });

  it('names status classes', () => {
    expect([200, 201, 304, 404, 503].map(statusClass)).toEqual(['2xx', '2xx', '3xx', '4xx', '5xx']);
  });
});

describe('createHttpMetrics on a real server', () => {
  async function serve() {
    const metrics = createHttpMetrics({ collectProcessMetrics: false });
    const server = createServer((request, response) => {
      metrics.track(request, response);
      if (request.url === '/slow') return; // never answers: the client gives up
      request.resume();
      request.on('end', () => {
        const status = request.url?.endsWith('/submissions')
          ? 201
          : request.url === '/missing'
            ? 404
            : 200;
        response.writeHead(status).end('ok');
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { metrics, port: (server.address() as AddressInfo).port };
  }

  it('observes latency per group and status, accepted upload sizes and aborted requests', async () => {
    const { metrics, port } = await serve();
    const base = `http://127.0.0.1:${port}`;
    await fetch(`${base}/benchmarks/x`);
    await fetch(`${base}/missing`);
    const body = 'case_id,prob\n' + 'c,0.5\n'.repeat(1000);
    await fetch(`${base}/api/v1/benchmarks/x/submissions`, { method: 'POST', body });
    // A client that goes away before the answer.
    await new Promise<void>((resolve) => {
      const request = httpRequest({ host: '127.0.0.1', port, path: '/slow' });
      request.on('error', () => resolve());
      request.end(() => setTimeout(() => (request.destroy(), resolve()), 50));
    });
    await new Promise((r) => setTimeout(r, 50));

    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'medrank_web_http_request_duration_seconds_count{route="page",method="GET",status="2xx"} 1',
    );
    expect(text).toContain(
      'medrank_web_http_request_duration_seconds_count{route="page",method="GET",status="4xx"} 1',
    );
    expect(text).toContain(
      'medrank_web_http_request_duration_seconds_count{route="upload",method="POST",status="2xx"} 1',
    );
    expect(text).toContain(`medrank_web_upload_bytes_sum ${Buffer.byteLength(body)}`);
    expect(text).toContain('medrank_web_upload_bytes_count 1');
    expect(text).toContain('medrank_web_http_requests_aborted_total{route="page"} 1');
    expect(text).toContain('medrank_web_http_requests_in_flight 0');
    expect(text).not.toContain('/benchmarks/x');
  });
});
