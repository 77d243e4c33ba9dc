import { randomBytes } from 'node:crypto';
import type { Database } from '../client.js';
import type { TeamDto } from '../dto.js';

export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return slug || 'team';
}

/** Every user starts with a personal team, so that a first submission needs no setup. */
export async function createPersonalTeam(
  db: Database,
  user: { id: string; name: string; email: string },
): Promise<TeamDto> {
  const base = slugify(user.name || user.email.split('@')[0] || 'team');
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = attempt === 0 ? base : `${base}-${randomBytes(3).toString('hex')}`;
    const taken = await db.team.findUnique({ where: { slug } });
    if (taken) continue;
    const team = await db.team.create({
      data: {
        slug,
        name: user.name || user.email,
        memberships: { create: { userId: user.id, role: 'OWNER' } },
      },
    });
    return { id: team.id, slug: team.slug, name: team.name, role: 'OWNER' };
  }
  throw new Error(`could not find a free team slug for ${user.email}`);
}

export async function listForUser(db: Database, userId: string): Promise<TeamDto[]> {
  const memberships = await db.membership.findMany({
    where: { userId },
    include: { team: true },
    orderBy: { createdAt: 'asc' },
  });
  return memberships.map((m) => ({
    id: m.team.id,
    slug: m.team.slug,
    name: m.team.name,
    role: m.role,
  }));
}

export async function isMember(db: Database, teamId: string, userId: string): Promise<boolean> {
  const membership = await db.membership.findUnique({
    where: { teamId_userId: { teamId, userId } },
  });
  return membership !== null;
}

export async function findBySlug(
  db: Database,
  slug: string,
): Promise<{ id: string; slug: string; name: string } | null> {
  return db.team.findUnique({ where: { slug }, select: { id: true, slug: true, name: true } });
}
