import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from './openapi';

const API_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../app/api/v1');

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [full] : [];
  });
}

/** app/api/v1/benchmarks/[slug]/board/route.ts → /api/v1/benchmarks/{slug}/board */
function apiPathOf(file: string): string {
  const relative = path.relative(API_ROOT, path.dirname(file)).split(path.sep).filter(Boolean);
  return ['/api/v1', ...relative.map((s) => s.replace(/^\[(.+)\]$/, '{$1}'))].join('/');
}

function exportedMethods(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [
    ...source.matchAll(
      /export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g,
    ),
  ].map((m) => (m[1] ?? '').toLowerCase());
}

describe('OpenAPI document', () => {
  const document = buildOpenApiDocument();

  it('describes every route under app/api/v1 and each method it exports', () => {
    const files = routeFiles(API_ROOT);
    expect(files.length).toBeGreaterThan(10);
    const missing = files.flatMap((file) => {
      const apiPath = apiPathOf(file);
      return exportedMethods(file)
        .filter(
          (method) => !(document.paths[apiPath] as Record<string, unknown> | undefined)?.[method],
        )
        .map((method) => `${method.toUpperCase()} ${apiPath}`);
    });
    expect(missing).toEqual([]);
  });

  it('describes no route that does not exist', () => {
    const existing = new Set(routeFiles(API_ROOT).map(apiPathOf));
    expect(Object.keys(document.paths).filter((p) => !existing.has(p))).toEqual([]);
  });

  it('resolves every $ref to a component schema', () => {
    const refs = [
      ...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g),
    ].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(5);
    for (const name of refs) expect(document.components.schemas).toHaveProperty(name ?? '');
  });

  it('gives every operation a unique operationId and a documented success response', () => {
    const operations = Object.values(document.paths).flatMap((p) => Object.values(p));
    const ids = operations.map((o) => o?.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const op of operations) {
      expect(Object.keys(op?.responses ?? {}).some((code) => code.startsWith('2'))).toBe(true);
    }
  });
});
