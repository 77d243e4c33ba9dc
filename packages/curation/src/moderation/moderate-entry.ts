import { TEXT_LIMITS } from '@medrank/core';
import { moderation, type Database } from '@medrank/db';
import { z } from 'zod';
import { assertCanCurate, type Actor } from '../access/actor.js';

export const moderateEntryInputSchema = z
  .object({
    slug: z.string().min(1).max(64),
    kind: z.enum(['verified', 'reported']),
    id: z.string().min(1).max(64),
    action: z.enum(['hide', 'disqualify', 'restore', 'mark-baseline', 'unmark-baseline']),
    /** Shown publicly next to a hidden or disqualified entry. */
    reason: z.string().trim().max(TEXT_LIMITS.moderationReason).optional(),
    /** e.g. "random", "human expert", "majority class". */
    baselineKind: z.string().trim().max(TEXT_LIMITS.baselineKind).optional(),
  })
  .superRefine((input, ctx) => {
    if ((input.action === 'hide' || input.action === 'disqualify') && !input.reason)
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: `a public reason is required to ${input.action} an entry`,
      });
    if (input.action === 'mark-baseline' && !input.baselineKind)
      ctx.addIssue({
        code: 'custom',
        path: ['baselineKind'],
        message: 'say what kind of baseline this is (e.g. "random", "human expert")',
      });
  });
export type ModerateEntryInput = z.input<typeof moderateEntryInputSchema>;

/**
 * Hides or disqualifies an entry with a public reason, restores it, or marks it as a baseline
 * (styled apart and never ranked). Audited with the state before the change.
 */
export async function moderateEntry(db: Database, actor: Actor, input: ModerateEntryInput) {
  // Who is asking comes before what they sent: a stranger learns nothing from validation messages.
  const benchmark = await assertCanCurate(db, actor, z.string().min(1).parse(input.slug));
  const { slug, kind, id, action, reason, baselineKind } = moderateEntryInputSchema.parse(input);
  return moderation.moderate(
    db,
    benchmark.benchmarkId,
    { kind, id, action, reason: reason ?? null, baselineKind: baselineKind ?? null },
    { actorId: actor.userId, slug },
  );
}
