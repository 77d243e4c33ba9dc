import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { config } from 'dotenv';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Loads configuration without overriding variables already set: first the operator's `.env`,
 * then `.medrank/runtime.env`, which the quick start writes with the services it found or
 * started (so the CLI and the seed reach the same database as the running platform).
 * The quick start itself passes `includeRuntime: false`: it decides afresh each time.
 */
export function loadRootEnv({ includeRuntime = true }: { includeRuntime?: boolean } = {}): void {
  const files = [
    path.join(REPO_ROOT, '.env'),
    ...(includeRuntime ? [path.join(REPO_ROOT, '.medrank/runtime.env')] : []),
  ];
  for (const file of files) {
    if (existsSync(file)) config({ path: file, quiet: true, override: false });
  }
}
