import { curators, type Database } from '@medrank/db';
import { z } from 'zod';
import { assertSiteAdmin, isSiteAdmin, type Actor } from './actor.js';
import { AppError } from '@medrank/core';

const grantInputSchema = z.object({
  slug: z.string().min(1),
  email: z.email('must be an email address'),
});

async function benchmarkFor(db: Database, slug: string) {
  const access = await curators.findAccess(db, slug, '');
  if (!access) throw new AppError('NOT_FOUND', `no benchmark "${slug}"`);
  return access;
}

/**
 * Site admins add or remove a curator of one benchmark (idempotent; audited). `actor` null is the
 * operator at the command line (`medrank curator grant|revoke`), who holds the database
 * credentials.
 */
async function changeCurator<Result>(
  change: (db: Database, args: Parameters<typeof curators.grant>[1]) => Promise<Result>,
  db: Database,
  actor: Actor | null,
  input: { slug: string; email: string },
) {
  if (actor) assertSiteAdmin(actor);
  const { slug, email } = grantInputSchema.parse(input);
  const benchmark = await benchmarkFor(db, slug);
  return change(db, {
    benchmarkId: benchmark.benchmarkId,
    slug,
    email,
    actorId: actor?.userId ?? null,
  });
}

export const grantCurator = (
  db: Database,
  actor: Actor | null,
  input: { slug: string; email: string },
) => changeCurator(curators.grant, db, actor, input);

export const revokeCurator = (
  db: Database,
  actor: Actor | null,
  input: { slug: string; email: string },
) => changeCurator(curators.revoke, db, actor, input);

/** Site admins give (or take) the site role `curator`, which allows creating benchmarks. */
export async function setSiteCuratorRole(
  db: Database,
  actor: Actor | null,
  input: { email: string; enabled: boolean },
) {
  // `null` is the operator at the command line (the CLI runs with database credentials).
  if (actor) assertSiteAdmin(actor);
  const { email } = z.object({ email: z.email('must be an email address') }).parse(input);
  return curators.setSiteCurator(db, {
    email,
    enabled: input.enabled,
    actorId: actor?.userId ?? null,
  });
}

/** Benchmarks the actor curates; every benchmark for site admins. */
export function listCuratedBenchmarks(db: Database, actor: Actor) {
  return curators.listCuratedBenchmarks(db, isSiteAdmin(actor) ? null : actor.userId);
}
