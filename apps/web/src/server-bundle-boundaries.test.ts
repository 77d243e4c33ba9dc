// The web never computes a score: it validates definitions with the task-type contracts and reads
// metric facts from the metrics catalog. This test bundles every module of the web's server
// side (pages, routes, server actions, features) with esbuild, following workspace packages and
// leaving npm packages out, and fails when scoring code would be bundled: anything from
// @medrank/scoring, or a module of @medrank/metrics that the metadata-only catalog entry does not
// itself import. The usual way in is a barrel re-export (e.g. @medrank/curation exporting the
// ground-truth validation, which now has its own entry point).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const webSrc = path.join(repo, 'apps/web/src');

/** npm packages stay external; workspace packages (@medrank/*) and the web's `@/` alias are followed. */
const workspaceOnly: Plugin = {
  name: 'workspace-only',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@medrank/') || args.path.startsWith('@/')
        ? undefined
        : { path: args.path, external: true },
    );
  },
};

async function bundledInputs(entryPoints: string[]): Promise<string[]> {
  const result = await build({
    entryPoints,
    absWorkingDir: repo,
    bundle: true,
    write: false,
    metafile: true,
    outdir: path.join(repo, '.bundle-check'),
    platform: 'node',
    format: 'esm',
    jsx: 'automatic',
    logLevel: 'silent',
    tsconfig: path.join(repo, 'apps/web/tsconfig.json'),
    plugins: [workspaceOnly],
  });
  return Object.keys(result.metafile.inputs);
}

function webServerModules(): string[] {
  const files = execFileSync(
    'find',
    ['app', 'features', 'server', 'lib', '-name', '*.ts', '-o', '-name', '*.tsx'],
    { cwd: webSrc, encoding: 'utf8' },
  )
    .trim()
    .split('\n')
    .filter((f) => !/\.test\.tsx?$|\.testing\.tsx?$/.test(f));
  return files.map((f) => path.join(webSrc, f));
}

describe('web server bundle', () => {
  it('holds no scoring code: nothing of @medrank/scoring, and of @medrank/metrics only the catalog', async () => {
    const [web, catalog] = await Promise.all([
      bundledInputs(webServerModules()),
      bundledInputs([path.join(repo, 'packages/metrics/src/metric-catalog.ts')]),
    ]);
    expect(web.length).toBeGreaterThan(200);
    // The check follows workspace packages at all (else an empty list would pass).
    expect(web.some((f) => f.startsWith('packages/curation/src/'))).toBe(true);
    const catalogModules = new Set(catalog);
    const scoring = web.filter((f) => f.startsWith('packages/scoring/'));
    const metricsCompute = web.filter(
      (f) => f.startsWith('packages/metrics/src/') && !catalogModules.has(f),
    );
    expect(scoring).toEqual([]);
    expect(metricsCompute).toEqual([]);
  }, 60_000);
});
