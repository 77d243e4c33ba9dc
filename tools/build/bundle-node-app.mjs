// The production bundle of a Node app of this repository (the worker, the CLI): ES modules in
// the app's dist/, with the workspace's own TypeScript packages (@medrank/*) bundled in and every
// npm package left to node_modules, so nothing is transpiled at run time (`node dist/x.mjs`
// starts in a fraction of `tsx src/x.ts`'s time). esbuild strips types only: `npm run typecheck`
// is what checks them.
import { build } from 'esbuild';
import path from 'node:path';
import process from 'node:process';

/**
 * @param {{ appDir: string, entryPoints: Record<string, string> }} options entry name → source,
 *   relative to appDir; each becomes dist/<name>.mjs.
 */
export async function bundleNodeApp({ appDir, entryPoints }) {
  const started = Date.now();
  await build({
    absWorkingDir: appDir,
    entryPoints,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [
      {
        name: 'npm-packages-stay-external',
        setup(builder) {
          builder.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@medrank/') ? undefined : { external: true },
          );
        },
      },
    ],
  });
  const where = path.relative(process.cwd(), path.join(appDir, 'dist')) || 'dist';
  process.stdout.write(`built ${where} in ${Date.now() - started} ms\n`);
}
