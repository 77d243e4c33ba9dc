import path from 'node:path';
import { REPO_ROOT } from './load-root-env.js';

/**
 * Node flags of the web's custom server wherever it runs: `npm run up`, the e2e platform and the
 * load bench use this list; the Dockerfile's CMD and apps/web's `npm start` repeat it (a unit
 * test, tools/dev/web-server.test.ts, keeps them equal).
 *
 * The old space is capped at 256 MiB. The server's live heap is ~90 MB after 800 submissions
 * (heap snapshots), but without a cap V8 let its heap grow to ~330 MB and the process to
 * 524–543 MB resident during bench:load's bursts, over the 512 MB target; capped, it stayed at
 * 309–318 MB with the same throughput. Uploads stream to disk, so no request needs a big heap.
 */
export const WEB_SERVER_NODE_ARGS: readonly string[] = ['--max-old-space-size=256'];

/** The compiled custom server (apps/web/dist/server.mjs, built by `npm run build -w @medrank/web`). */
export const WEB_SERVER_ENTRY = path.join(REPO_ROOT, 'apps/web/dist/server.mjs');

/** Arguments for `node` that start the web server. */
export const webServerArgs = (): string[] => [...WEB_SERVER_NODE_ARGS, WEB_SERVER_ENTRY];
