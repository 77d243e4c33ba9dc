import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../env/load-root-env.js';
import { WEB_SERVER_NODE_ARGS } from '../env/web-server.js';

describe('the web server is started with the same Node flags everywhere', () => {
  it('in the Dockerfile', () => {
    const dockerfile = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
    const cmd = /^CMD \["node", (.*), "dist\/server\.mjs"\]$/m.exec(dockerfile);
    expect(cmd?.[1]).toBe(WEB_SERVER_NODE_ARGS.map((a) => JSON.stringify(a)).join(', '));
  });

  it("in apps/web's npm start", () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'apps/web/package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.start).toBe(`node ${WEB_SERVER_NODE_ARGS.join(' ')} dist/server.mjs`);
  });
});
