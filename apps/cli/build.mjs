// Bundle of the CLI, dist/medrank.mjs (see tools/build/bundle-node-app.mjs): what the
// integration tests run (built by their global setup), starting in a fraction of the time the
// repository's `bin/medrank.js` takes through tsx. `npx medrank` keeps running the sources.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleNodeApp } from '../../tools/build/bundle-node-app.mjs';

await bundleNodeApp({
  appDir: path.dirname(fileURLToPath(import.meta.url)),
  entryPoints: { medrank: 'src/main.ts' },
});
