// The production bundle of a Node app of this repository (the worker, the CLI): ES modules in
// the app's dist/, with the workspace's own TypeScript packages (@medrank/*) bundled in and every
// npm package left to node_modules, so nothing is transpiled at run time (`node dist/x.mjs`
// starts in a fraction of `tsx src/x.ts`'s time). esbuild strips types only: `npm run typecheck`
// is what checks them.
import { build } from 'esbuild';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';

/**
 * @param {{ appDir: string, entryPoints: Record<string, string> }} options entry name → source,
 *   relative to appDir; each becomes dist/<name>.mjs.
 */
export async function bundleNodeApp({ appDir, entryPoints }) {
  const started = Date.now();
  const { outputFiles } = await build({
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
    write: false,
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
  // Each file is written beside its target and renamed over it: two test runs on one checkout
  // (two integration runs on databases of their own, or one beside the e2e server) may build
  // while the other's worker processes start, and a process must never read a half-written
  // bundle. The builds are identical, so whichever rename lands last is fine.
  await mkdir(path.join(appDir, 'dist'), { recursive: true });
  for (const file of outputFiles) {
    const partial = `${file.path}.${process.pid}.partial`;
    await writeFile(partial, file.contents);
    await rename(partial, file.path);
  }
  const where = path.relative(process.cwd(), path.join(appDir, 'dist')) || 'dist';
  process.stdout.write(`built ${where} in ${Date.now() - started} ms\n`);
}
