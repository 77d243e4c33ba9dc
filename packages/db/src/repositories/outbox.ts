import type { Database } from '../client.js';

export interface OutboxRow {
  id: bigint;
  queue: string;
  jobName: string;
  jobId: string;
  payload: unknown;
}

/** Rows not yet relayed to the queue, oldest first. */
export async function listPending(db: Database, { limit = 100 } = {}): Promise<OutboxRow[]> {
  return db.outbox.findMany({
    where: { dispatchedAt: null },
    orderBy: { id: 'asc' },
    take: limit,
    select: { id: true, queue: true, jobName: true, jobId: true, payload: true },
  });
}

export async function markDispatched(db: Database, ids: bigint[]): Promise<void> {
  if (ids.length)
    await db.outbox.updateMany({ where: { id: { in: ids } }, data: { dispatchedAt: new Date() } });
}

export async function recordFailure(db: Database, id: bigint, message: string): Promise<void> {
  await db.outbox.update({
    where: { id },
    data: { attempts: { increment: 1 }, lastError: message.slice(0, 1000) },
  });
}

/** Adds an outbox row outside a bigger transaction (e.g. the reconciler re-queueing work). */
export async function add(db: Database, row: Omit<OutboxRow, 'id'>): Promise<bigint> {
  const created = await db.outbox.create({
    data: {
      queue: row.queue,
      jobName: row.jobName,
      jobId: row.jobId,
      payload: row.payload as object,
    },
  });
  return created.id;
}
