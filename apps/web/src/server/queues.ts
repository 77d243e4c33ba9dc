import 'server-only';
import { ALL_JOBS, QueueClient, createRedisConnection, relayOutbox } from '@medrank/jobs';
import { outbox } from '@medrank/db';
import { env } from '@/env';
import { db } from './db';
import { logger } from './logger';

const globalForQueues = globalThis as unknown as { medrankQueues?: QueueClient };

export function queues(): QueueClient {
  globalForQueues.medrankQueues ??= new QueueClient(
    createRedisConnection(env().REDIS_URL, { role: 'producer' }),
    env().QUEUE_PREFIX,
  );
  return globalForQueues.medrankQueues;
}

/**
 * Relays pending outbox rows right away so scoring starts without waiting for the worker's
 * relay loop. A failure here is fine: the row stays pending and the worker relays it.
 */
export async function dispatchOutboxNow(): Promise<void> {
  try {
    await relayOutbox(
      {
        listPending: (limit) => outbox.listPending(db(), { limit }),
        markDispatched: (ids) => outbox.markDispatched(db(), ids),
        recordFailure: (id, message) => outbox.recordFailure(db(), id, message),
      },
      queues(),
      ALL_JOBS,
      { limit: 20 },
    );
  } catch (error) {
    logger().warn({ err: error }, 'outbox dispatch deferred to the worker relay');
  }
}
