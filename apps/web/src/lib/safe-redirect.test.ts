import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from './safe-redirect';

describe('safeRedirectPath', () => {
  it.each([
    ['/benchmarks/vqa-rad', '/benchmarks/vqa-rad'],
    [
      '/benchmarks/vqa-rad?track=closed&cat=organ:Head#board',
      '/benchmarks/vqa-rad?track=closed&cat=organ:Head#board',
    ],
    ['/account', '/account'],
    ['/%5Cevil.example', '/%5Cevil.example'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/a/../b', '/b'],
  ])('keeps the same-origin path %s', (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });

  it.each([
    ['backslash after the slash', '/\\evil.example'],
    ['protocol-relative', '//evil.example'],
    ['protocol-relative with a path', '//evil.example/sign-in'],
    ['three slashes', '///evil.example'],
    ['scheme without slashes', 'https:evil.example'],
    ['absolute https URL', 'https://evil.example/'],
    ['javascript URL', 'javascript:alert(1)'],
    ['javascript URL behind a slash-like start', '/javascript:alert(1)'.replace('/', '\\')],
    ['data URL', 'data:text/html,<script>alert(1)</script>'],
    ['tab inside the slashes', '/\t/evil.example'],
    ['newline inside the slashes', '/\n/evil.example'],
    ['carriage return', '/\r/evil.example'],
    ['backslash and tab', '/\\\tevil.example'],
    ['dot segments up to a protocol-relative path', '/..//evil.example'],
    ['dot segment and backslash', '/.\\/evil.example'],
    ['relative path without a slash', 'benchmarks'],
    ['empty', ''],
    ['null', null],
    ['undefined', undefined],
  ])('refuses %s', (_label, input) => {
    expect(safeRedirectPath(input)).toBe('/');
  });

  it('uses the fallback given', () => {
    expect(safeRedirectPath('//evil.example', '/account')).toBe('/account');
  });
});
