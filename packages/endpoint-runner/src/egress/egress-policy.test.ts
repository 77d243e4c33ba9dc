import { describe, expect, it } from 'vitest';
import { parseCidr, parseIpAddress, specialRangeOf } from './address-ranges.js';
import { checkEndpointUrl, chatCompletionsUrl, type HostResolver } from './check-endpoint-url.js';
import { isHostAllowed, judgeAddress, parseEgressPolicy } from './egress-policy.js';

const open = parseEgressPolicy({ ENDPOINT_ALLOWED_HOSTS: '*' });
/** A resolver of made-up names, so no test depends on the network. */
const hosts = (table: Record<string, string[]>): HostResolver => {
  return (hostname) => {
    const addresses = table[hostname];
    if (!addresses)
      return Promise.reject(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }));
    return Promise.resolve(addresses);
  };
};

describe('parseIpAddress and parseCidr', () => {
  it('reads IPv4, IPv6, compressed and dotted-quad forms to the same numbers', () => {
    expect(parseIpAddress('10.0.0.5')).toEqual({ family: 4, value: 0x0a000005n });
    expect(parseIpAddress('::ffff:10.0.0.5')).toEqual(parseIpAddress('0:0:0:0:0:ffff:a00:5'));
    expect(parseIpAddress('fe80::1')).toEqual({ family: 6, value: (0xfe80n << 112n) | 1n });
    expect(parseIpAddress('fe80::1%eth0')).toBeNull();
    expect(parseIpAddress('example.com')).toBeNull();
  });

  it.each([
    ['10.0.0.0/33', /an IPv4 prefix is 0 to 32 bits/],
    ['10.0.0.0', /expected a CIDR range such as 10\.0\.0\.0\/8/],
    ['ten/8', /expected a CIDR range/],
    ['10.0.0.1/8', /bits set past the \/8 prefix; did you mean 10\.0\.0\.0\/8\?/],
    ['fd00::1/8', /did you mean fd00::\/8\?/],
  ])('refuses the CIDR %s', (text, message) => {
    expect(() => parseCidr(text)).toThrow(message);
  });
});

describe('special address ranges', () => {
  it.each([
    ['0.1.2.3', '0.0.0.0/8'],
    ['10.0.0.5', '10.0.0.0/8'],
    ['100.64.1.1', '100.64.0.0/10'],
    ['127.0.0.1', '127.0.0.0/8'],
    ['169.254.169.254', '169.254.0.0/16'],
    ['172.31.255.255', '172.16.0.0/12'],
    ['192.168.1.1', '192.168.0.0/16'],
    ['224.0.0.1', '224.0.0.0/4'],
    ['255.255.255.255', '240.0.0.0/4'],
    ['::', '::/128'],
    ['::1', '::1/128'],
    ['fd12:3456::1', 'fc00::/7'],
    ['fe80::abcd', 'fe80::/10'],
    ['ff02::1', 'ff00::/8'],
    ['::ffff:127.0.0.1', '127.0.0.0/8'],
    ['::ffff:a9fe:a9fe', '169.254.0.0/16'],
    ['64:ff9b::10.1.2.3', '10.0.0.0/8'],
    ['2002:c0a8:0101::1', '192.168.0.0/16'],
  ])('puts %s in %s', (address, cidr) => {
    expect(specialRangeOf(parseIpAddress(address)!)?.cidr).toBe(cidr);
  });

  it.each(['8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    'leaves the public address %s alone',
    (address) => {
      expect(specialRangeOf(parseIpAddress(address)!)).toBeNull();
    },
  );
});

describe('parseEgressPolicy', () => {
  it('reads host names, wildcards, IP literals and ranges', () => {
    const policy = parseEgressPolicy({
      ENDPOINT_ALLOWED_HOSTS: ' API.Example.com , *.models.example.org,127.0.0.1,[::1]',
      ENDPOINT_ALLOWED_PRIVATE_RANGES: '127.0.0.0/8, ::1/128',
    });
    expect(policy.allowedHosts).toEqual([
      { kind: 'exact', host: 'api.example.com' },
      { kind: 'subdomains', domain: 'models.example.org' },
      { kind: 'exact', host: '127.0.0.1' },
      { kind: 'exact', host: '::1' },
    ]);
    expect(policy.allowedPrivateRanges.map((r) => r.cidr)).toEqual(['127.0.0.0/8', '::1/128']);
  });

  it('allows nothing when unset', () => {
    expect(parseEgressPolicy({})).toEqual({ allowedHosts: [], allowedPrivateRanges: [] });
  });

  it.each([
    [
      { ENDPOINT_ALLOWED_HOSTS: 'https://api.example.com' },
      /ENDPOINT_ALLOWED_HOSTS: "https:\/\/api\.example\.com" is not a host name/,
    ],
    [{ ENDPOINT_ALLOWED_HOSTS: '*.com*' }, /"\*\.com\*" is not a host name/],
    [{ ENDPOINT_ALLOWED_HOSTS: '*.com' }, /"\*\.com" is not a host name/],
    [
      { ENDPOINT_ALLOWED_PRIVATE_RANGES: '10.0.0.0/40' },
      /ENDPOINT_ALLOWED_PRIVATE_RANGES: "10\.0\.0\.0\/40": an IPv4 prefix/,
    ],
  ])('refuses %j, naming the variable and the entry', (env, message) => {
    expect(() => parseEgressPolicy(env)).toThrow(message);
  });

  it('matches a wildcard on subdomains only, never the domain itself or an address', () => {
    const policy = parseEgressPolicy({ ENDPOINT_ALLOWED_HOSTS: '*.example.com' });
    expect(isHostAllowed(policy, 'api.example.com')).toBe(true);
    expect(isHostAllowed(policy, 'a.b.example.com')).toBe(true);
    expect(isHostAllowed(policy, 'API.EXAMPLE.COM.')).toBe(true);
    expect(isHostAllowed(policy, 'example.com')).toBe(false);
    expect(isHostAllowed(policy, 'evilexample.com')).toBe(false);
    expect(isHostAllowed(policy, 'example.com.evil.net')).toBe(false);
  });
});

describe('judgeAddress', () => {
  it('lets an allowed range through, also as IPv4-mapped IPv6, and http only there', () => {
    const policy = parseEgressPolicy({
      ENDPOINT_ALLOWED_HOSTS: '*',
      ENDPOINT_ALLOWED_PRIVATE_RANGES: '10.1.0.0/16',
    });
    expect(judgeAddress(policy, '10.1.2.3', 'http:')).toEqual({ ok: true, isPrivate: true });
    expect(judgeAddress(policy, '::ffff:10.1.2.3', 'https:')).toEqual({
      ok: true,
      isPrivate: true,
    });
    expect(judgeAddress(policy, '10.2.0.1', 'https:')).toMatchObject({ ok: false });
    expect(judgeAddress(policy, '8.8.8.8', 'https:')).toEqual({ ok: true, isPrivate: false });
    expect(judgeAddress(policy, '8.8.8.8', 'http:')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /plain http is accepted only for addresses in the site’s allowed private ranges; use https/,
      ),
    });
  });

  it('names the IPv4 address an IPv4-mapped IPv6 address reaches', () => {
    expect(judgeAddress(open, '::ffff:169.254.169.254', 'https:')).toEqual({
      ok: false,
      reason:
        'is in a private address range (169.254.0.0/16, link-local, cloud metadata, as 169.254.169.254 through IPv4-mapped IPv6); the site does not allow it',
    });
  });
});

describe('checkEndpointUrl', () => {
  const resolveHost = hosts({
    'api.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    'internal.example.com': ['93.184.215.14', '10.0.0.5'],
    'metadata.example.com': ['169.254.169.254'],
  });

  it('accepts a public https host and gives the chat-completions URL', async () => {
    const result = await checkEndpointUrl('https://api.example.com/v1', open, { resolveHost });
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(result.url.href).toBe('https://api.example.com/v1/chat/completions');
  });

  it('keeps a full chat-completions URL and its query, and drops the fragment', () => {
    expect(
      chatCompletionsUrl(new URL('https://h.example/v1/chat/completions/?api-version=2#x')).href,
    ).toBe('https://h.example/v1/chat/completions?api-version=2');
    expect(chatCompletionsUrl(new URL('https://h.example')).href).toBe(
      'https://h.example/chat/completions',
    );
  });

  it.each([
    [
      'https://10.0.0.5/v1',
      /^endpoint host 10\.0\.0\.5 is in a private address range \(10\.0\.0\.0\/8, private, RFC 1918\); the site does not allow it$/,
    ],
    ['https://169.254.169.254/latest', /169\.254\.0\.0\/16, link-local, cloud metadata/],
    ['https://[::1]/v1', /^endpoint host ::1 is in a private address range \(::1\/128, loopback\)/],
    [
      'https://[::ffff:127.0.0.1]/v1',
      /endpoint host ::ffff:7f00:1 is in a private address range \(127\.0\.0\.0\/8, loopback, as 127\.0\.0\.1 through IPv4-mapped IPv6\)/,
    ],
    ['https://[fd00::5]/v1', /fc00::\/7, unique local/],
    ['https://[fe80::1]/v1', /fe80::\/10, link-local/],
    ['https://0.0.0.0/v1', /0\.0\.0\.0\/8/],
    ['https://100.64.0.1/v1', /100\.64\.0\.0\/10, carrier-grade NAT/],
    [
      'https://internal.example.com/v1',
      /^endpoint host internal\.example\.com resolves to 10\.0\.0\.5, which is in a private address range \(10\.0\.0\.0\/8/,
    ],
    [
      'https://metadata.example.com/v1',
      /resolves to 169\.254\.169\.254, which is in a private address range/,
    ],
    [
      'http://api.example.com/v1',
      /resolves to 93\.184\.215\.14, which is a public address, and plain http is accepted only/,
    ],
    ['ftp://api.example.com/v1', /the endpoint URL must use https; found ftp/],
    ['https://user:secret@api.example.com/v1', /must not carry a user name or password/],
    [
      'api.example.com/v1',
      /the endpoint URL is not a URL; expected e\.g\. https:\/\/api\.example\.com\/v1/,
    ],
    [
      'https://nowhere.example.com/v1',
      /^endpoint host nowhere\.example\.com does not resolve \(ENOTFOUND\)$/,
    ],
  ])('refuses %s', async (url, message) => {
    const result = await checkEndpointUrl(url, open, { resolveHost });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('refuses localhost through the system resolver', async () => {
    const result = await checkEndpointUrl('https://localhost:8443/v1', open);
    expect(result).toMatchObject({
      ok: false,
      message: expect.stringMatching(
        /^endpoint host localhost resolves to (127\.0\.0\.1|::1), which is in a private address range/,
      ),
    });
  });

  it('refuses hosts the site does not list, and says when it lists none', async () => {
    const listed = parseEgressPolicy({ ENDPOINT_ALLOWED_HOSTS: 'api.openai.com,*.example.org' });
    expect(await checkEndpointUrl('https://api.example.com/v1', listed, { resolveHost })).toEqual({
      ok: false,
      message:
        'endpoint host api.example.com is not one this site allows; allowed: api.openai.com, *.example.org',
    });
    expect(
      await checkEndpointUrl('https://api.example.com/v1', parseEgressPolicy({}), { resolveHost }),
    ).toEqual({
      ok: false,
      message:
        'this site accepts no endpoint submissions: no endpoint host is allowed (ENDPOINT_ALLOWED_HOSTS is empty)',
    });
  });

  it('lets http reach an allowed private range, and only there', async () => {
    const policy = parseEgressPolicy({
      ENDPOINT_ALLOWED_HOSTS: 'localhost,127.0.0.1',
      ENDPOINT_ALLOWED_PRIVATE_RANGES: '127.0.0.0/8,::1/128',
    });
    const result = await checkEndpointUrl('http://127.0.0.1:8000/v1', policy);
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(result.url.href).toBe('http://127.0.0.1:8000/v1/chat/completions');
    expect(await checkEndpointUrl('http://localhost:8000/v1', policy)).toMatchObject({ ok: true });
    const narrower = parseEgressPolicy({
      ENDPOINT_ALLOWED_HOSTS: '127.0.0.2',
      ENDPOINT_ALLOWED_PRIVATE_RANGES: '127.0.0.1/32',
    });
    expect(await checkEndpointUrl('http://127.0.0.2/v1', narrower)).toMatchObject({ ok: false });
  });
});
