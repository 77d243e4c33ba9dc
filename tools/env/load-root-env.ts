import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { config } from 'dotenv';

/** Loads the repository's root .env (if any) without overriding variables already set. */
export function loadRootEnv(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const file = path.join(root, '.env');
  if (existsSync(file)) config({ path: file, quiet: true, override: false });
}
