import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from './build-openapi-document';

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

describe('OpenAPI document generated from the contracts', () => {
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
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(document.components.schemas).toHaveProperty(ref!.split('/').pop()!);
    }
  });

  it('declares each path template parameter as a required path parameter, and no other', () => {
    for (const [apiPath, methods] of Object.entries(document.paths)) {
      const inTemplate = [...apiPath.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(methods)) {
        const declared = (op?.parameters ?? []).filter((p) => p.in === 'path');
        expect(declared.map((p) => p.name).sort(), `${method} ${apiPath}`).toEqual(inTemplate);
        for (const p of declared) expect(p.required, `${method} ${apiPath} ${p.name}`).toBe(true);
      }
    }
  });

  it('gives every response a description and every JSON error the Error schema', () => {
    for (const methods of Object.values(document.paths))
      for (const op of Object.values(methods))
        for (const [status, response] of Object.entries(op?.responses ?? {})) {
          expect(response.description.length).toBeGreaterThan(0);
          const json = (response.content as Record<string, { schema: unknown }> | undefined)?.[
            'application/json'
          ];
          if (Number(status) >= 400 && json)
            expect(json.schema).toEqual({ $ref: '#/components/schemas/Error' });
        }
  });

  it('describes a response body for the compare route as the route sends it', () => {
    const comparison = document.components.schemas.Comparison as {
      required: string[];
      properties: { metrics: { items: { required: string[] } } };
    };
    expect(comparison.required).toContain('method');
    expect(comparison.properties.metrics.items.required).toContain('note');
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
