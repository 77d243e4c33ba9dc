import { randomUUID } from 'node:crypto';
import type { Database } from '../client.js';
import type { UserDto } from '../dto.js';
import { createPersonalTeam } from './teams.js';

const toUserDto = (u: { id: string; email: string; name: string; role: string }): UserDto => ({
  id: u.id,
  email: u.email,
  name: u.name,
  // 'curator' may create benchmarks (issue 4); any other stored value is a plain user.
  role: u.role === 'admin' || u.role === 'curator' ? u.role : 'user',
});

export async function findById(db: Database, id: string): Promise<UserDto | null> {
  const user = await db.user.findUnique({ where: { id } });
  return user ? toUserDto(user) : null;
}

export async function findByEmail(db: Database, email: string): Promise<UserDto | null> {
  const user = await db.user.findUnique({ where: { email: email.toLowerCase() } });
  return user ? toUserDto(user) : null;
}

/**
 * Creates a user with an email/password credential in better-auth's layout (account row with
 * providerId "credential" holding the hash), plus the user's personal team. Used by the CLI; the
 * web sign-up goes through better-auth itself and its `user.create.after` hook.
 */
export async function createWithPassword(
  db: Database,
  input: { email: string; name: string; passwordHash: string; role: 'admin' | 'user' },
): Promise<UserDto> {
  const email = input.email.toLowerCase();
  return db.$transaction(async (tx) => {
    const id = randomUUID();
    const user = await tx.user.create({
      data: { id, email, name: input.name, role: input.role, emailVerified: false },
    });
    await tx.account.create({
      data: {
        id: randomUUID(),
        accountId: id,
        providerId: 'credential',
        userId: id,
        password: input.passwordHash,
      },
    });
    await createPersonalTeam(tx as unknown as Database, { id, name: input.name, email });
    await tx.auditLog.create({
      data: {
        actorId: null,
        action: 'user.create',
        targetType: 'user',
        targetId: id,
        details: { role: input.role, via: 'cli' },
      },
    });
    return toUserDto(user);
  });
}

export async function setRole(
  db: Database,
  email: string,
  role: 'admin' | 'curator' | 'user',
): Promise<UserDto | null> {
  const user = await db.user.findUnique({ where: { email: email.toLowerCase() } });
  if (!user) return null;
  await db.$transaction([
    db.user.update({ where: { id: user.id }, data: { role } }),
    db.auditLog.create({
      data: {
        actorId: null,
        action: 'user.set-role',
        targetType: 'user',
        targetId: user.id,
        details: { from: user.role, to: role, via: 'cli' },
      },
    }),
  ]);
  return findByEmail(db, email);
}
