import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { config } from 'dotenv';

/**
 * Loads the repository's `.env`, then `.medrank/runtime.env` (written by the quick start with
 * the database it runs on), without overriding the caller's variables.
 */
export function loadEnv(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  for (const file of [path.join(root, '.env'), path.join(root, '.medrank/runtime.env')]) {
    if (existsSync(file)) config({ path: file, quiet: true, override: false });
  }
}

/** The database URL for account commands: the public schema is all they touch. */
export function accountDatabaseUrl(): string {
  const url = process.env.DATABASE_URL ?? process.env.ADMIN_DATABASE_URL;
  if (!url)
    throw new CliError(
      'DATABASE_URL is not set: start the platform with `npm run up` first, or export DATABASE_URL',
      2,
    );
  return url;
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
