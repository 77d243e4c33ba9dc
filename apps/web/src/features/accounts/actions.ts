'use server';
import { AppError } from '@medrank/core';
import { apiTokens } from '@medrank/db';
import { revalidatePath } from 'next/cache';
import { runAction, type ActionResult } from '@/server/action';
import { db } from '@/server/db';
import { requireUser } from '@/server/require-user';
import { createTokenInputSchema } from './token-input';

export async function createApiToken(
  _: unknown,
  form: FormData,
): Promise<ActionResult<{ token: string; name: string }>> {
  return runAction(async () => {
    const user = await requireUser();
    const { name } = createTokenInputSchema.parse({ name: form.get('name') });
    const created = await apiTokens.create(db(), user.id, name);
    revalidatePath('/account');
    return { token: created.token, name: created.name };
  });
}

export async function revokeApiToken(tokenId: string): Promise<ActionResult<null>> {
  return runAction(async () => {
    const user = await requireUser();
    if (!(await apiTokens.revoke(db(), user.id, tokenId)))
      throw new AppError('NOT_FOUND', 'token not found');
    revalidatePath('/account');
    return null;
  });
}
