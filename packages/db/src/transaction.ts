import type { Prisma } from './client.js';

/**
 * What a repository function takes: the client, or a transaction that a use case opened with
 * `withTransaction`. Repository functions only load and save, so the same function runs alone
 * (its statement commits by itself) or as one step of the caller's transaction.
 */
export type DbClient = Prisma.TransactionClient;

/** A transaction opened by `withTransaction`: pass it to repository functions as their `db`. */
export type Transaction = Prisma.TransactionClient;

export interface TransactionOptions {
  /** How long the callback may run before Prisma rolls the transaction back (default 5 s). */
  timeoutMs?: number;
  /** How long to wait for a pooled connection to start the transaction (default 2 s). */
  maxWaitMs?: number;
}

/**
 * Runs `fn` in one transaction: everything it writes through `tx` commits together, or nothing
 * does when it throws. This is where a use case decides what must be atomic; repositories do
 * not open transactions of their own for its steps.
 *
 * Isolation is Postgres's default, READ COMMITTED, as it has always been here: each statement
 * sees what other transactions committed before it began. Rules that must not race (quotas, a
 * rescore request, the Ladder) take an advisory or row lock first — a repository primitive such
 * as `submissions.lockForSubmission` — and only then count, so every count they read is the one
 * left by the previous holder of the lock. SERIALIZABLE would instead abort one of two racing
 * uploads with a serialization failure that callers would have to retry.
 *
 * Called with a transaction (a repository step that needs its own writes to be atomic, run
 * inside a use case's transaction), it opens a savepoint in that transaction: a failure rolls
 * back to the savepoint and is rethrown, and nothing commits before the outer transaction does.
 */
export function withTransaction<T>(
  db: DbClient,
  fn: (tx: Transaction) => Promise<T>,
  { timeoutMs, maxWaitMs }: TransactionOptions = {},
): Promise<T> {
  return db.$transaction(fn, {
    ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }),
    ...(maxWaitMs === undefined ? {} : { maxWait: maxWaitMs }),
  });
}
