'use server';
import { requestParticipation, requestParticipationInputSchema } from '@medrank/curation';
import { revalidatePath } from 'next/cache';
import { runAction } from '@/server/action';
import { db } from '@/server/db';
import { requireUser } from '@/server/require-user';

export type RequestParticipationResult =
  | { ok: true; status: 'PENDING' | 'APPROVED' | 'REJECTED' }
  | { ok: false; code: string; message: string; fieldErrors?: Record<string, string> };

/** The benchmark page's "Request to participate" form: the same use case as the REST endpoint. */
export async function requestParticipationAction(
  slug: string,
  _previous: unknown,
  form: FormData,
): Promise<RequestParticipationResult> {
  const result = await runAction(async () => {
    const user = await requireUser();
    const input = requestParticipationInputSchema.parse({ message: form.get('message') ?? '' });
    const { participation } = await requestParticipation(
      db(),
      { userId: user.id, role: user.role },
      slug,
      input,
    );
    revalidatePath(`/benchmarks/${slug}`);
    return participation.status;
  });
  if (result.ok) return { ok: true, status: result.data };
  return {
    ok: false,
    code: result.error.code,
    message: result.error.message,
    fieldErrors: result.error.fieldErrors,
  };
}
