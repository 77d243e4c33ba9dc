import type { SubmissionDto } from '@medrank/db';

/**
 * Whether a submission has a board row and a public entry page: not when the Ladder withheld it
 * on every test set it was scored on (those pages never list withheld results).
 */
export const isOnBoard = (s: SubmissionDto): boolean =>
  s.evaluations.length === 0 ||
  s.evaluations.some((e) => e.restriction?.kind !== 'withheld-by-ladder');
