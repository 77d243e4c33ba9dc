import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Real temporary files for parser tests; call `cleanup` in afterAll. */
export function createTempFiles(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let count = 0;
  return {
    write(content: string | Uint8Array): string {
      const path = join(dir, `f${count++}.csv`);
      writeFileSync(path, content);
      return path;
    },
    cleanup(): void {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
