import { AppError } from '@medrank/core';
import type { Database } from '../client.js';
import { type Prisma } from '../client.js';

export interface BenchmarkAccess {
  benchmarkId: string;
  slug: string;
  title: string;
  status: 'DRAFT' | 'PUBLISHED';
  isCurator: boolean;
}

/** The benchmark with this slug and whether `userId` curates it; null for an unknown slug. */
export async function findAccess(
  db: Database,
  slug: string,
  userId: string,
): Promise<BenchmarkAccess | null> {
  const b = await db.benchmark.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      title: true,
      status: true,
      curators: { where: { userId }, select: { userId: true } },
    },
  });
  if (!b) return null;
  return {
    benchmarkId: b.id,
    slug: b.slug,
    title: b.title,
    status: b.status,
    isCurator: b.curators.length > 0,
  };
}

/**
 * Whether `viewer` may see everything about a benchmark: drafts, and numbers the release rule
 * keeps from participants (hidden until close, withheld by the Ladder). Site admins and the
 * benchmark's curators may; nobody else, the submitting team included.
 */
export async function isBenchmarkCurator(
  db: Database,
  benchmarkId: string,
  viewer: { userId: string; role: string } | null | undefined,
): Promise<boolean> {
  if (!viewer) return false;
  if (viewer.role === 'admin') return true;
  const curator = await db.benchmarkCurator.findUnique({
    where: { benchmarkId_userId: { benchmarkId, userId: viewer.userId } },
    select: { userId: true },
  });
  return curator !== null;
}

export interface CuratedBenchmarkDto {
  slug: string;
  title: string;
  summary: string;
  status: 'DRAFT' | 'PUBLISHED';
  taskType: string;
  updatedAt: string;
  publishedAt: string | null;
  curators: { userId: string; email: string; name: string }[];
}

/** Benchmarks `userId` curates, or every benchmark when `userId` is null (site admins). */
export async function listCuratedBenchmarks(
  db: Database,
  userId: string | null,
): Promise<CuratedBenchmarkDto[]> {
  const rows = await db.benchmark.findMany({
    where: userId === null ? {} : { curators: { some: { userId } } },
    include: {
      curators: {
        include: { user: { select: { id: true, email: true, name: true } } },
        orderBy: { createdAt: 'asc' },
      },
    },
    orderBy: [{ updatedAt: 'desc' }, { slug: 'asc' }],
  });
  return rows.map((b) => ({
    slug: b.slug,
    title: b.title,
    summary: b.summary,
    status: b.status,
    taskType: b.taskType,
    updatedAt: b.updatedAt.toISOString(),
    publishedAt: b.publishedAt?.toISOString() ?? null,
    curators: b.curators.map((c) => ({
      userId: c.user.id,
      email: c.user.email,
      name: c.user.name,
    })),
  }));
}

/**
 * Makes the user with `email` a curator of the benchmark (idempotent) and records who did it.
 * @throws {AppError} NOT_FOUND when no account has that email.
 */
export async function grant(
  db: Database,
  {
    benchmarkId,
    slug,
    email,
    actorId,
  }: { benchmarkId: string; slug: string; email: string; actorId: string | null },
): Promise<{ userId: string; email: string; name: string; created: boolean }> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email: email.trim().toLowerCase() } });
    if (!user)
      throw new AppError(
        'NOT_FOUND',
        `no account with the email ${email}; they must sign up first`,
      );
    const existing = await tx.benchmarkCurator.findUnique({
      where: { benchmarkId_userId: { benchmarkId, userId: user.id } },
    });
    if (!existing) {
      await tx.benchmarkCurator.create({
        data: { benchmarkId, userId: user.id, grantedById: actorId },
      });
      await tx.auditLog.create({
        data: {
          actorId,
          action: 'curator.grant',
          targetType: 'benchmark',
          targetId: benchmarkId,
          details: { target: `benchmark ${slug}`, userId: user.id, email: user.email },
        },
      });
    }
    return { userId: user.id, email: user.email, name: user.name, created: !existing };
  });
}

/** Removes a curator (idempotent). @throws {AppError} NOT_FOUND when no account has that email. */
export async function revoke(
  db: Database,
  {
    benchmarkId,
    slug,
    email,
    actorId,
  }: { benchmarkId: string; slug: string; email: string; actorId: string | null },
): Promise<{ removed: boolean }> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email: email.trim().toLowerCase() } });
    if (!user) throw new AppError('NOT_FOUND', `no account with the email ${email}`);
    const { count } = await tx.benchmarkCurator.deleteMany({
      where: { benchmarkId, userId: user.id },
    });
    if (count > 0)
      await tx.auditLog.create({
        data: {
          actorId,
          action: 'curator.revoke',
          targetType: 'benchmark',
          targetId: benchmarkId,
          details: { target: `benchmark ${slug}`, userId: user.id, email: user.email },
        },
      });
    return { removed: count > 0 };
  });
}

/**
 * Gives or takes the site role `curator` (may create benchmarks). Admins keep their role.
 * @throws {AppError} NOT_FOUND for an unknown email, CONFLICT for a site admin.
 */
export async function setSiteCurator(
  db: Database,
  { email, enabled, actorId }: { email: string; enabled: boolean; actorId: string | null },
): Promise<{ userId: string; email: string; role: string }> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email: email.trim().toLowerCase() } });
    if (!user) throw new AppError('NOT_FOUND', `no account with the email ${email}`);
    if (user.role === 'admin')
      throw new AppError(
        'CONFLICT',
        `${user.email} is a site admin and may already create benchmarks`,
      );
    const role = enabled ? 'curator' : 'user';
    if (user.role !== role) {
      await tx.user.update({ where: { id: user.id }, data: { role } });
      await tx.auditLog.create({
        data: {
          actorId,
          action: 'user.set-role',
          targetType: 'user',
          targetId: user.id,
          details: { from: user.role, to: role },
        },
      });
    }
    return { userId: user.id, email: user.email, role };
  });
}

export interface AuditEntryDto {
  id: string;
  at: string;
  actor: { id: string; name: string; email: string } | null;
  action: string;
  target: string;
  details: Record<string, unknown>;
}

/**
 * A benchmark's audit trail, newest first: every curation action is recorded against the
 * benchmark (`targetType = 'benchmark'`), with the concrete target in `details.target`.
 * `cursor` is the id of the last entry of the previous page.
 */
export async function listAuditLog(
  db: Database,
  benchmarkId: string,
  { limit = 50, cursor }: { limit?: number; cursor?: string } = {},
): Promise<AuditEntryDto[]> {
  const take = Math.max(1, Math.min(200, Math.floor(limit)));
  const rows = await db.auditLog.findMany({
    where: { targetType: 'benchmark', targetId: benchmarkId },
    include: { actor: { select: { id: true, name: true, email: true } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  return rows.map((r) => {
    const details = (r.details ?? {}) as Record<string, unknown>;
    return {
      id: r.id,
      at: r.createdAt.toISOString(),
      actor: r.actor,
      action: r.action,
      target: typeof details.target === 'string' ? details.target : `${r.targetType} ${r.targetId}`,
      details,
    };
  });
}

/** Writes one curation audit row against a benchmark. */
export async function recordAudit(
  db: Database | Prisma.TransactionClient,
  entry: {
    actorId: string | null;
    benchmarkId: string;
    action: string;
    target: string;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await db.auditLog.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      targetType: 'benchmark',
      targetId: entry.benchmarkId,
      details: { target: entry.target, ...(entry.details ?? {}) } as Prisma.InputJsonValue,
    },
  });
}

/** Id and raw site role of the account with this email (the CLI acts as a named user). */
export async function findActorByEmail(
  db: Database,
  email: string,
): Promise<{ userId: string; role: string; email: string } | null> {
  const user = await db.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, role: true, email: true },
  });
  return user ? { userId: user.id, role: user.role, email: user.email } : null;
}
