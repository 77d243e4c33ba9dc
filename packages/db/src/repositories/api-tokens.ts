import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../client.js';
import type { UserDto } from '../dto.js';

/** Tokens look like `mrk_<43 base64url chars>`; the prefix makes them easy to spot in a leak scan. */
export const API_TOKEN_PREFIX = 'mrk_';

export const hashApiToken = (secret: string): string =>
  createHash('sha256').update(secret).digest('hex');

export interface CreatedApiToken {
  id: string;
  name: string;
  /** The secret, shown once. Only its SHA-256 is stored. */
  token: string;
  prefix: string;
}

export async function create(db: Database, userId: string, name: string): Promise<CreatedApiToken> {
  const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const prefix = token.slice(0, API_TOKEN_PREFIX.length + 6);
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { userId, name, prefix, tokenHash: hashApiToken(token) },
    });
    await tx.auditLog.create({
      data: {
        actorId: userId,
        action: 'api-token.create',
        targetType: 'api-token',
        targetId: created.id,
        details: { name, prefix },
      },
    });
    return created;
  });
  return { id: row.id, name: row.name, token, prefix };
}

/** The user a token belongs to, or null when unknown, revoked or expired. */
export async function findUserByToken(db: Database, token: string): Promise<UserDto | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    include: { user: true },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt < new Date())) return null;
  // Best effort: a lost lastUsedAt update must not fail the request.
  await db.apiToken
    .update({ where: { id: row.id }, data: { lastUsedAt: new Date() } })
    .catch(() => undefined);
  const { user } = row;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role === 'admin' ? 'admin' : 'user',
  };
}

export async function listForUser(db: Database, userId: string) {
  const rows = await db.apiToken.findMany({
    where: { userId, revokedAt: null },
    orderBy: { createdAt: 'desc' },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  }));
}

export async function revoke(db: Database, userId: string, tokenId: string): Promise<boolean> {
  const result = await db.apiToken.updateMany({
    where: { id: tokenId, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (result.count === 1) {
    await db.auditLog.create({
      data: {
        actorId: userId,
        action: 'api-token.revoke',
        targetType: 'api-token',
        targetId: tokenId,
      },
    });
  }
  return result.count === 1;
}
