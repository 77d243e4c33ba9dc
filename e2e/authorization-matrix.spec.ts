// The authorization matrix (e2e/security/authorization-matrix.ts) against the real platform:
// first, that it covers every route handler, page and server action in the source and nothing
// else; then every cell — surface × caller — with the caller's real credentials.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import {
  MATRIX,
  classifyOutcome,
  surfaceKey,
  type MatrixRow,
} from './security/authorization-matrix';
import { serverActions } from './security/server-action';
import { ROLES, buildWorld, disposeWorld, type World } from './security/world';
import { REPO_ROOT } from './support';

const WEB_SRC = path.join(REPO_ROOT, 'apps/web/src');
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** Every route method, page and server action the web app has, read from its source. */
function surfacesInSource(): string[] {
  const files = walk(WEB_SRC);
  const found: string[] = [];
  for (const file of files) {
    const relative = path.relative(WEB_SRC, file).split(path.sep).join('/');
    const source = readFileSync(file, 'utf8');
    if (/\/route\.ts$/.test(relative)) {
      for (const method of HTTP_METHODS)
        if (new RegExp(`export\\s+(const|async\\s+function|function)\\s+${method}\\b`).test(source))
          found.push(`${method} ${relative}`);
      if (/export\s+const\s*\{[^}]*\}\s*=\s*/.test(source)) {
        // `export const { GET, POST } = handler` (the auth catch-all)
        for (const method of HTTP_METHODS)
          if (new RegExp(`export\\s+const\\s*\\{[^}]*\\b${method}\\b`).test(source))
            found.push(`${method} ${relative}`);
      }
    } else if (/\/page\.tsx$/.test(relative)) {
      found.push(`PAGE ${relative}`);
    } else if (/^['"]use server['"]/m.test(source.trimStart().split('\n')[0] ?? '')) {
      for (const match of source.matchAll(/export\s+async\s+function\s+(\w+)/g))
        found.push(`ACTION ${relative}#${match[1]}`);
    }
  }
  return [...new Set(found)].sort();
}

test.describe('authorization matrix: coverage', () => {
  test('covers every route, page and server action in the source, and nothing else', () => {
    const inSource = surfacesInSource();
    const inMatrix = [...new Set(MATRIX.map((row) => surfaceKey(row.surface)))].sort();
    expect(inSource.length).toBeGreaterThan(40);
    expect(
      inSource.filter((s) => !inMatrix.includes(s)),
      'missing from the matrix',
    ).toEqual([]);
    expect(
      inMatrix.filter((s) => !inSource.includes(s)),
      'in the matrix but not in the source',
    ).toEqual([]);
    // The build registers exactly the actions the source declares.
    const built = [...serverActions().keys()].map((k) => `ACTION ${k}`).sort();
    expect(built).toEqual(inSource.filter((s) => s.startsWith('ACTION ')));
    for (const row of MATRIX) expect(Object.keys(row.expect).sort()).toEqual([...ROLES].sort());
  });
});

test.describe('authorization matrix: every cell', () => {
  test.describe.configure({ mode: 'serial' });
  let world: World | undefined;
  test.beforeAll(async ({ baseURL }) => {
    test.setTimeout(420_000);
    world = await buildWorld(baseURL!, 'matrix');
  });
  test.afterAll(async () => disposeWorld(world));

  // Denied cells first: they must change nothing, so the allowed calls after them see the world
  // as it was built.
  const cells = MATRIX.flatMap((row) => ROLES.map((role) => ({ row, role })));
  const ordered = [
    ...cells.filter((c) => c.row.expect[c.role] === 'deny'),
    ...cells.filter((c) => c.row.expect[c.role] === 'allow'),
  ];

  test(`every cell: ${MATRIX.length} rows × ${ROLES.length} callers`, async () => {
    test.setTimeout(600_000);
    const failures: string[] = [];
    for (const { row, role } of ordered) {
      const outcome = await (row as MatrixRow).call(world!, world!.actors[role]);
      const seen = classifyOutcome(row, outcome);
      if (seen !== row.expect[role])
        failures.push(
          `${surfaceKey(row.surface)} [${row.variant}] as ${role}: expected ${row.expect[role]}, got ${seen} (HTTP ${outcome.status}${outcome.location ? ` → ${outcome.location}` : ''}${outcome.code ? `, code ${outcome.code}` : ''}) ${outcome.body?.slice(0, 160).replace(/\s+/g, ' ') ?? ''}`,
        );
    }
    console.log(`authorization matrix: ${ordered.length} cells, ${failures.length} unexpected`);
    expect(failures).toEqual([]);
  });
});
