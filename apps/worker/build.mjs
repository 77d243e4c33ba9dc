// Production build of the worker: two ES modules in dist/, the worker (main.mjs) and its job
// process (job-process-main.mjs, found next to main.mjs at run time), with the workspace's own
// TypeScript packages (@medrank/*) bundled in and every npm package left to node_modules, so
// nothing is transpiled at run time. `node dist/main.mjs` starts in about half the time of
// `tsx src/main.ts`. esbuild strips types only: `npm run typecheck` is what checks them.
import { build } from 'esbuild';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const started = Date.now();
await build({
  absWorkingDir: here,
  entryPoints: {
    main: 'src/main.ts',
    'job-process-main': 'src/isolation/job-process-main.ts',
  },
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
process.stdout.write(`worker built into apps/worker/dist in ${Date.now() - started} ms\n`);
