import type { Database } from '@medrank/db';
import { outbox } from '@medrank/db';
import type { OutboxStore, QueueClient } from '@medrank/jobs';
import { ALL_JOBS, relayOutbox } from '@medrank/jobs';
import type { Logger } from 'pino';

export function outboxStore(db: Database): OutboxStore {
  return {
    listPending: (limit) => outbox.listPending(db, { limit }),
    markDispatched: (ids) => outbox.markDispatched(db, ids),
    recordFailure: (id, message) => outbox.recordFailure(db, id, message),
  };
}

/**
 * Relays pending outbox rows to BullMQ: the only relay (every OUTBOX_RELAY_INTERVAL_MS). The web
 * only writes outbox rows; a request that relayed would send everyone's pending rows.
 */
export async function relayOnce(
  db: Database,
  queues: QueueClient,
  logger: Logger,
): Promise<number> {
  const count = await relayOutbox(outboxStore(db), queues, ALL_JOBS);
  if (count > 0) logger.info({ count }, 'outbox rows relayed');
  return count;
}
