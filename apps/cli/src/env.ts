import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { config } from 'dotenv';

/** Loads the repository's .env (when present) without overriding the caller's variables. */
export function loadEnv(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const file = path.join(root, '.env');
  if (existsSync(file)) config({ path: file, quiet: true, override: false });
}

/** The database URL for account commands: the public schema is all they touch. */
export function accountDatabaseUrl(): string {
  const url = process.env.DATABASE_URL ?? process.env.ADMIN_DATABASE_URL;
  if (!url) throw new CliError('DATABASE_URL is not set: run from the repository (it reads .env) or export it', 2);
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
