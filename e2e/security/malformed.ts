// Malformed and hostile requests for every route and page of the web app, generated from the
// source tree (so a new route is fuzzed without anyone remembering to add it). The attacker suite
// sends each as an anonymous visitor and as a signed-in participant and requires: no 5xx, no
// stack trace or server path in the body, no hidden answer (canary) anywhere.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support';

export interface MalformedRequest {
  label: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

const APP_DIR = path.join(REPO_ROOT, 'apps/web/src/app');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** URL templates of every route handler and page: `/api/v1/benchmarks/[slug]/subset`. */
export function urlTemplates(): { template: string; kind: 'route' | 'page' }[] {
  return walk(APP_DIR)
    .filter((f) => /\/(route\.ts|page\.tsx)$/.test(f))
    .map((f) => {
      const relative = path.relative(APP_DIR, path.dirname(f)).split(path.sep).join('/');
      return {
        template: `/${relative}`.replace(/\/$/, '') || '/',
        kind: f.endsWith('route.ts') ? ('route' as const) : ('page' as const),
      };
    })
    .sort((a, b) => a.template.localeCompare(b.template));
}

/** Values an attacker puts where an id or slug belongs. */
export const HOSTILE_SEGMENTS = [
  'does-not-exist',
  'a'.repeat(3000),
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%00',
  '%E2%80%AE%E2%80%8B',
  "'%20OR%201%3D1--",
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '__proto__',
  '%25%25%25',
];

/** Query strings that break types, sizes and enums of every board and curation endpoint. */
export const HOSTILE_QUERIES = [
  'track=&testSet=',
  `track=${'x'.repeat(5000)}&testSet=${'y'.repeat(5000)}`,
  'sort=__proto__&dir=sideways',
  'page=-1&perPage=1000000000',
  'page=NaN&perPage=1e400',
  'format=xml',
  'cat=&cat=:&cat=a:&cat=:b',
  `cat=${Array.from({ length: 300 }, (_, i) => `d${i}:c${i}`).join('&cat=')}`,
  'cat=site:%00&cat=site:%E2%80%AE',
  'a=&b=',
  `a=${'z'.repeat(2000)}&b=%00`,
  'entry=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&metric=__proto__',
  `q=${'q'.repeat(100_000)}`,
  'next=%2F%5Cevil.example&callbackURL=https%3A%2F%2Fevil.example',
  'constructor[prototype][polluted]=1&__proto__[polluted]=1',
];

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** Bodies for POST endpoints: broken JSON, wrong types, broken multipart, wrong content types. */
export function hostileBodies(): {
  label: string;
  headers: Record<string, string>;
  body: string | Buffer;
}[] {
  const boundary = '----medrank-fuzz';
  return [
    { label: 'truncated JSON', headers: { 'content-type': 'application/json' }, body: '{"track":' },
    { label: 'JSON array', headers: { 'content-type': 'application/json' }, body: '[1,2,3]' },
    {
      label: 'JSON with wrong types',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        track: 7,
        testSet: { $ne: null },
        email: [],
        password: null,
        name: {},
      }),
    },
    {
      label: 'deeply nested JSON',
      headers: { 'content-type': 'application/json' },
      body: nested(20_000),
    },
    {
      label: 'prototype pollution JSON',
      headers: { 'content-type': 'application/json' },
      body: '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"role":"admin"}}}',
    },
    {
      label: 'multipart without boundary',
      headers: { 'content-type': 'multipart/form-data' },
      body: 'x',
    },
    {
      label: 'multipart cut mid-part',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\ncase_id,`,
    },
    {
      label: 'multipart with a path-traversal filename and two files',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: [
        `--${boundary}`,
        'Content-Disposition: form-data; name="file"; filename="../../../etc/passwd"',
        '',
        'case_id,answer',
        `--${boundary}`,
        'Content-Disposition: form-data; name="file"; filename="b.csv"',
        '',
        'x',
        `--${boundary}--`,
        '',
      ].join('\r\n'),
    },
    {
      label: 'multipart with a 100 KB field name',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: `--${boundary}\r\nContent-Disposition: form-data; name="${'n'.repeat(100_000)}"\r\n\r\nv\r\n--${boundary}--\r\n`,
    },
    {
      label: 'XML',
      headers: { 'content-type': 'application/xml' },
      body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    },
    {
      label: 'binary',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from([0, 255, 0, 254, 1, 2, 3]),
    },
    { label: 'empty body', headers: {}, body: '' },
  ];
}

/** Every hostile request for the app's routes and pages, with `slug` standing in for a real board. */
export function malformedRequests(slug: string): MalformedRequest[] {
  const requests: MalformedRequest[] = [];
  for (const { template, kind } of urlTemplates()) {
    const params = template.match(/\[[^\]]+\]/g) ?? [];
    // Auth's catch-all: a few of its own endpoints, since the template cannot be filled generically.
    if (template.includes('[...all]')) {
      for (const endpoint of ['sign-in/email', 'sign-up/email', 'update-user', 'no-such-endpoint'])
        for (const body of hostileBodies())
          requests.push({
            label: `POST /api/auth/${endpoint} (${body.label})`,
            method: 'POST',
            path: `/api/auth/${endpoint}`,
            headers: body.headers,
            body: body.body,
          });
      continue;
    }
    const fill = (value: string) =>
      template.replace(/\[\.\.\.[^\]]+\]|\[\[\.\.\.[^\]]+\]\]|\[[^\]]+\]/g, (p) =>
        p === '[slug]' ? (value === '@slug' ? slug : value) : value === '@slug' ? 'x' : value,
      );
    // Pages render HTML (slower): a representative half of the values; API routes get them all.
    const segments =
      kind === 'route' ? HOSTILE_SEGMENTS : HOSTILE_SEGMENTS.filter((_, i) => i % 2 === 0);
    const queries =
      kind === 'route' ? HOSTILE_QUERIES : HOSTILE_QUERIES.filter((_, i) => i % 3 === 0);
    // Hostile path segments.
    if (params.length > 0)
      for (const segment of segments)
        requests.push({
          label: `GET ${template} with ${segment.slice(0, 30)}`,
          method: 'GET',
          path: fill(segment),
        });
    // Hostile queries on the real board.
    for (const query of queries)
      requests.push({
        label: `GET ${template}?${query.slice(0, 40)}`,
        method: 'GET',
        path: `${fill('@slug')}?${query}`,
      });
    // Hostile bodies on anything that takes a POST (route handlers; pages take server actions).
    if (kind === 'route')
      for (const body of hostileBodies())
        requests.push({
          label: `POST ${template} (${body.label})`,
          method: 'POST',
          path: fill('@slug'),
          headers: body.headers,
          body: body.body,
        });
  }
  return requests;
}

/** Signs that a response shows the server's insides: a stack frame or a path on the server. */
export const INTERNALS =
  /(\bat [\w.<>]+ \(\/|node_modules\/|\/work\/|\/app\/apps\/|PrismaClient|prisma\.\w+\.\w+\(|ECONNREFUSED)/;
