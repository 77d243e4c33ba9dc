import { Redis } from 'ioredis';

/**
 * A Redis connection for BullMQ. Workers need `maxRetriesPerRequest: null` (blocking commands
 * must wait through a Redis restart rather than fail); producers fail fast instead so a web
 * request does not hang while Redis is down — the outbox relays the job later.
 */
export function createRedisConnection(
  url: string,
  { role }: { role: 'worker' | 'producer' },
): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: role === 'worker' ? null : 1,
    enableOfflineQueue: role === 'worker',
    connectTimeout: 5_000,
    lazyConnect: false,
  });
}
