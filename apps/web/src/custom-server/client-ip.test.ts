import { describe, expect, it } from 'vitest';
import { CLIENT_IP_HEADER } from '../lib/client-ip-header';
import { applyClientIpHeader, compileTrustedProxies, resolveClientIp } from './client-ip';
import { serverEnv } from './env';

function request(remoteAddress: string | undefined, headers: Record<string, string> = {}) {
  return {
    headers: { ...headers } as Record<string, string | string[] | undefined>,
    socket: { remoteAddress } as never,
  };
}

describe('resolveClientIp without a trusted proxy', () => {
  const trust = compileTrustedProxies([]);

  it('is the socket address, whatever X-Forwarded-For says', () => {
    expect(resolveClientIp(request('203.0.113.7', { 'x-forwarded-for': '1.2.3.4' }), trust)).toBe(
      '203.0.113.7',
    );
  });

  it('unmaps an IPv4 client on a dual-stack socket and keeps IPv6 as is', () => {
    expect(resolveClientIp(request('::ffff:198.51.100.2'), trust)).toBe('198.51.100.2');
    expect(resolveClientIp(request('2001:db8::5'), trust)).toBe('2001:db8::5');
  });

  it('is null when the socket is gone', () => {
    expect(resolveClientIp(request(undefined), trust)).toBeNull();
  });
});

describe('resolveClientIp behind trusted proxies', () => {
  const trust = compileTrustedProxies(['10.0.0.0/8', '192.168.1.1']);

  it('takes the hop before the first untrusted one, reading from the right', () => {
    // client → 10.1.1.1 (trusted LB) → 10.2.2.2 (trusted) → us
    const req = request('10.2.2.2', { 'x-forwarded-for': '198.51.100.9, 10.1.1.1' });
    expect(resolveClientIp(req, trust)).toBe('198.51.100.9');
  });

  it('ignores addresses a client prepended to the header', () => {
    const req = request('10.2.2.2', { 'x-forwarded-for': '1.1.1.1, 2.2.2.2, 198.51.100.9' });
    expect(resolveClientIp(req, trust)).toBe('198.51.100.9');
  });

  it('does not believe X-Forwarded-For from an untrusted peer', () => {
    const req = request('198.51.100.50', { 'x-forwarded-for': '1.1.1.1' });
    expect(resolveClientIp(req, trust)).toBe('198.51.100.50');
  });

  it('falls back to the proxy itself when a trusted proxy sends no header', () => {
    expect(resolveClientIp(request('192.168.1.1'), trust)).toBe('192.168.1.1');
  });

  it('refuses entries that are not addresses or ranges', () => {
    expect(() => compileTrustedProxies(['not-an-ip'])).toThrow(TypeError);
    expect(() => compileTrustedProxies(['10.0.0.0/99'])).toThrow();
  });

  it('accepts proxy-addr names such as loopback', () => {
    const loopback = compileTrustedProxies(['loopback']);
    const req = request('127.0.0.1', { 'x-forwarded-for': '198.51.100.3' });
    expect(resolveClientIp(req, loopback)).toBe('198.51.100.3');
  });
});

describe('applyClientIpHeader', () => {
  it('replaces a forged header with the resolved address', () => {
    const req = request('203.0.113.7', { [CLIENT_IP_HEADER]: '6.6.6.6' });
    applyClientIpHeader(req, compileTrustedProxies([]));
    expect(req.headers[CLIENT_IP_HEADER]).toBe('203.0.113.7');
  });

  it('removes a forged header when no address can be resolved', () => {
    const req = request(undefined, { [CLIENT_IP_HEADER]: '6.6.6.6' });
    applyClientIpHeader(req, compileTrustedProxies([]));
    expect(req.headers[CLIENT_IP_HEADER]).toBeUndefined();
  });
});

describe('serverEnv', () => {
  it('defaults to no trusted proxy and bounded timeouts', () => {
    const env = serverEnv({});
    expect(env.TRUSTED_PROXIES).toEqual([]);
    expect(env.HEADERS_TIMEOUT_MS).toBe(20_000);
    expect(env.PORT).toBe(3000);
  });

  it('splits TRUSTED_PROXIES on commas and refuses a bad port', () => {
    expect(serverEnv({ TRUSTED_PROXIES: ' 10.0.0.0/8 , ::1 ' }).TRUSTED_PROXIES).toEqual([
      '10.0.0.0/8',
      '::1',
    ]);
    expect(() => serverEnv({ PORT: '70000' })).toThrow(/PORT/);
  });

  it('requires the headers timeout to exceed the keep-alive timeout', () => {
    expect(() => serverEnv({ HEADERS_TIMEOUT_MS: '1000', KEEP_ALIVE_TIMEOUT_MS: '5000' })).toThrow(
      /HEADERS_TIMEOUT_MS/,
    );
  });
});
