import 'server-only';
import { AppError } from '@medrank/core';
import { apiTokens, users, type UserDto } from '@medrank/db';
import { headers as nextHeaders } from 'next/headers';
import { env } from '@/env';
import { auth } from './auth';
import { db } from './db';

/**
 * The signed-in user, from a bearer API token (scripts, CLI) or a session cookie (browser), or
 * null. Cookie-authenticated writes must come from our own origin (defence against CSRF on top
 * of SameSite=Lax cookies).
 */
export async function getUser(request?: Request): Promise<UserDto | null> {
  const headers = request?.headers ?? (await nextHeaders());
  const authorization = headers.get('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1])
      throw new AppError('UNAUTHORIZED', 'Authorization header must be "Bearer <API token>"');
    const user = await apiTokens.findUserByToken(db(), match[1]);
    if (!user) throw new AppError('UNAUTHORIZED', 'API token is invalid, expired or revoked');
    return user;
  }
  const session = await auth().api.getSession({ headers });
  if (!session) return null;
  if (request) assertSameOriginWrite(request);
  return users.findById(db(), session.user.id);
}

/**
 * Refuses a state-changing request (anything but GET and HEAD) whose Origin is not our own:
 * the CSRF check for cookie-authenticated writes. Browsers send Origin on every such request,
 * same-origin fetches included.
 */
export function assertSameOriginWrite(request: Request): void {
  if (request.method === 'GET' || request.method === 'HEAD') return;
  const origin = request.headers.get('origin');
  const allowed = new URL(env().APP_URL);
  const allowedOrigins = [
    allowed.origin,
    allowed.origin.replace('localhost', '127.0.0.1'),
    allowed.origin.replace('127.0.0.1', 'localhost'),
  ];
  if (!origin || !allowedOrigins.includes(origin)) {
    throw new AppError('FORBIDDEN', 'cross-origin request refused: use an API token for scripts');
  }
}

export async function requireUser(request?: Request): Promise<UserDto> {
  const user = await getUser(request);
  if (!user)
    throw new AppError('UNAUTHORIZED', 'sign in, or send "Authorization: Bearer <API token>"');
  return user;
}
