import { describe, expect, it } from 'vitest';
import {
  API_CONTENT_SECURITY_POLICY,
  PERMISSIONS_POLICY,
  createNonce,
  htmlContentSecurityPolicy,
} from './headers';

const directives = (policy: string) =>
  new Map(
    policy.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

describe('htmlContentSecurityPolicy', () => {
  it('runs only scripts with the nonce and forbids framing, plugins, base and foreign forms', () => {
    const policy = directives(htmlContentSecurityPolicy({ nonce: 'abc', isDevelopment: false }));
    expect(policy.get('script-src')).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it("allows 'unsafe-eval' in development only", () => {
    expect(htmlContentSecurityPolicy({ nonce: 'n', isDevelopment: true })).toContain(
      "'unsafe-eval'",
    );
    expect(htmlContentSecurityPolicy({ nonce: 'n', isDevelopment: false })).not.toContain(
      'unsafe-eval',
    );
  });
});

describe('other headers', () => {
  it('gives API responses a policy that loads and frames nothing', () => {
    const policy = directives(API_CONTENT_SECURITY_POLICY);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('switches camera, microphone and geolocation off', () => {
    for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb'])
      expect(PERMISSIONS_POLICY).toContain(`${feature}=()`);
  });

  it('makes a new 128-bit nonce each time', () => {
    const a = createNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
    expect(createNonce()).not.toBe(a);
  });
});
