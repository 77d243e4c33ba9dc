import 'server-only';
import { QueueClient, createRedisConnection } from '@medrank/jobs';
import { env } from '@/env';

const globalForQueues = globalThis as unknown as { medrankQueues?: QueueClient };

export function queues(): QueueClient {
  globalForQueues.medrankQueues ??= new QueueClient(
    createRedisConnection(env().REDIS_URL, { role: 'producer' }),
    env().QUEUE_PREFIX,
  );
  return globalForQueues.medrankQueues;
}
