import type { JobDefinition } from './define-job.js';
import type { QueueClient } from './queue-client.js';

/** The storage side of the transactional outbox (implemented by @medrank/db). */
export interface OutboxStore {
  listPending(
    limit: number,
  ): Promise<{ id: bigint; queue: string; jobName: string; jobId: string; payload: unknown }[]>;
  markDispatched(ids: bigint[]): Promise<void>;
  recordFailure(id: bigint, message: string): Promise<void>;
}

/**
 * Relays pending outbox rows to BullMQ. Safe to run from several processes at once: a row that
 * two relays both send produces one job, because the job id comes from the row.
 * Returns the number of rows dispatched.
 */
export async function relayOutbox(
  store: OutboxStore,
  client: QueueClient,
  jobs: readonly JobDefinition[],
  { limit = 100 } = {},
): Promise<number> {
  const rows = await store.listPending(limit);
  const dispatched: bigint[] = [];
  for (const row of rows) {
    const job = jobs.find((j) => j.queue === row.queue && j.name === row.jobName);
    if (!job) {
      await store.recordFailure(row.id, `no job definition for ${row.queue}/${row.jobName}`);
      continue;
    }
    try {
      await client.enqueue(job, row.payload as never, { jobId: row.jobId });
      dispatched.push(row.id);
    } catch (error) {
      await store.recordFailure(row.id, error instanceof Error ? error.message : String(error));
    }
  }
  await store.markDispatched(dispatched);
  return dispatched.length;
}
