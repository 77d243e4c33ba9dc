// Production build of the worker: dist/main.mjs and its job process (job-process-main.mjs,
// found next to main.mjs at run time); see tools/build/bundle-node-app.mjs.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleNodeApp } from '../../tools/build/bundle-node-app.mjs';

await bundleNodeApp({
  appDir: path.dirname(fileURLToPath(import.meta.url)),
  entryPoints: {
    main: 'src/main.ts',
    'job-process-main': 'src/isolation/job-process-main.ts',
  },
});
