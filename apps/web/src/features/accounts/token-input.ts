import { TEXT_LIMITS } from '@medrank/core';
import { z } from 'zod';

/** The label of a new API token (Account page). */
export const createTokenInputSchema = z.object({
  name: z.string().trim().min(1, 'give the token a name').max(TEXT_LIMITS.tokenName),
});
