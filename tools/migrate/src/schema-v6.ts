import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Prisma 6 requires `url` in the datasource and Prisma 7 forbids it; Prisma 6 also tries to
 * download a query engine unless the generator says `engineType = "client"`. So the Prisma 6
 * CLI reads a copy of the schema rewritten for it. The copy is derived, never edited.
 */
export function toPrismaV6Schema(schema: string): string {
  const withUrl = schema.replace(
    /datasource\s+db\s*\{([^}]*)\}/,
    (_, body: string) => `datasource db {${body}  url = env("ADMIN_DATABASE_URL")\n}`,
  );
  return withUrl.replace(
    /generator\s+client\s*\{[^}]*\}/,
    'generator client {\n  provider   = "prisma-client-js"\n  engineType = "client"\n}',
  );
}

export function writePrismaV6Schema(sourcePath: string, targetPath: string): void {
  writeFileSync(targetPath, toPrismaV6Schema(readFileSync(sourcePath, 'utf8')));
}
