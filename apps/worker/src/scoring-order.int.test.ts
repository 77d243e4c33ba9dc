// The scoring queue's order on the real Redis (priorities.ts): with jobs waiting, a small file is
// taken before a big one that arrived earlier, files of one size class keep their order of
// arrival, and rescore jobs wait for every new submission.
import { testRedisUrl, uniqueQueuePrefix } from '@medrank/db/testing';
import {
  QueueClient,
  SCORING_QUEUE,
  createRedisConnection,
  rescoreEvaluation,
  scoreSubmission,
} from '@medrank/jobs';
import { Worker } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';

const MiB = 1024 * 1024;
const prefix = uniqueQueuePrefix('order');
const producer = createRedisConnection(testRedisUrl(), { role: 'worker' });
const consumer = createRedisConnection(testRedisUrl(), { role: 'worker' });
const queues = new QueueClient(producer, prefix);

afterAll(async () => {
  await queues.queue(SCORING_QUEUE).obliterate({ force: true });
  await queues.close();
  producer.disconnect();
  consumer.disconnect();
});

describe('the scoring queue', () => {
  it('takes small files first, in order of arrival, and rescoring last', async () => {
    const enqueued: [string, number | undefined][] = [
      ['volume-2GiB', 2048 * MiB],
      ['rescore', undefined],
      ['csv-a', 300 * 1024],
      ['archive-40MiB', 40 * MiB],
      ['csv-b', 280 * 1024],
      ['older-row-without-size', undefined],
    ];
    for (const [id, fileBytes] of enqueued) {
      if (id === 'rescore')
        await queues.enqueue(
          rescoreEvaluation,
          { rescoreRunId: 'run', submissionId: 's', testSetId: 't', evaluatorVersion: 2 },
          { jobId: id },
        );
      else
        await queues.enqueue(
          scoreSubmission,
          fileBytes === undefined ? { submissionId: id } : { submissionId: id, fileBytes },
          { jobId: id },
        );
    }
    const taken: string[] = [];
    const worker = new Worker(
      SCORING_QUEUE,
      async (job) => {
        taken.push(job.id!);
      },
      { connection: consumer, prefix, concurrency: 1 },
    );
    const deadline = Date.now() + 20_000;
    while (taken.length < enqueued.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await worker.close();
    expect(taken).toEqual([
      'csv-a',
      'csv-b',
      'older-row-without-size',
      'archive-40MiB',
      'volume-2GiB',
      'rescore',
    ]);
  });
});
