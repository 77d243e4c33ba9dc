import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobDefinition, JobPayload } from './define-job.js';

/** Producer side of the queues: one BullMQ Queue per queue name, sharing a connection. */
export class QueueClient {
  private readonly queues = new Map<string, Queue>();
  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
  ) {}

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Adds a job; adding the same `jobId` again while the job exists is a no-op (BullMQ dedup). */
  async enqueue<J extends JobDefinition>(
    job: J,
    payload: JobPayload<J>,
    { jobId }: { jobId: string },
  ) {
    if (jobId.includes(':')) throw new Error(`job id must not contain ':' (${jobId})`);
    const data = job.payload.parse(payload);
    const priority = job.priority?.(data);
    return this.queue(job.queue).add(job.name, data, {
      ...job.options,
      jobId,
      ...(priority === undefined ? {} : { priority }),
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
