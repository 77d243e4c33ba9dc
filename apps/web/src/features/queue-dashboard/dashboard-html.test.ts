import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dashboardHtml, nonceOfPolicy } from './dashboard-html';

describe('dashboardHtml', () => {
  it("puts the nonce on bull-board's scripts and drops its third-party stylesheet", () => {
    // The template bull-board ships: what the dashboard really serves.
    const ui = path.dirname(createRequire(import.meta.url).resolve('@bull-board/ui/package.json'));
    const template = readFileSync(path.join(ui, 'dist/index.ejs'), 'utf8');
    const html = dashboardHtml(template, 'bm9uY2U=');
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(1);
    for (const tag of scripts) expect(tag).toContain('nonce="bm9uY2U="');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toMatch(/<link href="static\/css\/main\.[0-9a-f]+\.css" rel="stylesheet">/);
  });

  it('refuses a nonce that could break out of the attribute', () => {
    expect(() => dashboardHtml('<script></script>', '"><script>')).toThrow();
  });
});

describe('nonceOfPolicy', () => {
  it("reads the proxy's nonce", () => {
    expect(
      nonceOfPolicy("default-src 'self'; script-src 'self' 'nonce-ab+/9=' 'strict-dynamic'"),
    ).toBe('ab+/9=');
    expect(nonceOfPolicy(null)).toBeNull();
    expect(nonceOfPolicy("default-src 'self'")).toBeNull();
  });
});
