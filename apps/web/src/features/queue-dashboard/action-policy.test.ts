import { describe, expect, it } from 'vitest';
import { dashboardAction } from './action-policy';

// Every write route of @bull-board/api 9.10.1 (node_modules/@bull-board/api/dist/routes.js).
const REFUSED = [
  ['post', '/api/queues/:queueName/add'],
  ['put', '/api/queues/:queueName/concurrency'],
  ['put', '/api/queues/:queueName/rate-limit'],
  ['put', '/api/queues/:queueName/rate-limit/release'],
  ['put', '/api/queues/:queueName/empty'],
  ['put', '/api/queues/:queueName/obliterate'],
  ['put', '/api/queues/:queueName/job-schedulers/:schedulerId/remove'],
  ['patch', '/api/queues/:queueName/job-schedulers/:schedulerId'],
  ['put', '/api/queues/:queueName/job-schedulers/:schedulerId/run'],
  ['patch', '/api/queues/:queueName/:jobId/update-data'],
  ['patch', '/api/queues/:queueName/:jobId/delay'],
  ['patch', '/api/queues/:queueName/:jobId/priority'],
  ['put', '/api/queues/:queueName/:jobId/remove-unprocessed-children'],
  ['delete', '/api/metrics/history/purge'],
  ['post', '/api/something-new'],
] as const;

const ALLOWED = [
  ['put', '/api/queues/pause'],
  ['put', '/api/queues/resume'],
  ['put', '/api/queues/:queueName/pause'],
  ['put', '/api/queues/:queueName/resume'],
  ['put', '/api/queues/:queueName/promote'],
  ['put', '/api/queues/:queueName/:jobId/promote'],
] as const;

describe('dashboardAction', () => {
  it('lets every read through', () => {
    expect(dashboardAction('get', '/api/queues/:queueName/:jobId', {})).toEqual({ kind: 'allow' });
    expect(dashboardAction('GET', '/api/redis/stats', {})).toEqual({ kind: 'allow' });
  });

  it.each(REFUSED)(
    'refuses %s %s: jobs are added and changed by the outbox and worker only',
    (m, r) => {
      expect(dashboardAction(m, r, { queueName: 'scoring', jobId: 'x' }).kind).toBe('refuse');
    },
  );

  it.each(ALLOWED)('allows %s %s', (m, r) => {
    expect(dashboardAction(m, r, { queueName: 'scoring', jobId: 'x' })).toEqual({ kind: 'allow' });
  });

  it('retries failed jobs only', () => {
    const all = '/api/queues/:queueName/retry/:queueStatus';
    expect(dashboardAction('put', all, { queueStatus: 'failed' }).kind).toBe('allow');
    expect(dashboardAction('put', all, { queueStatus: 'completed' }).kind).toBe('refuse');
    const one = dashboardAction('put', '/api/queues/:queueName/:jobId/retry', { jobId: 'j' });
    expect(one.kind).toBe('allow-if-job-state');
    if (one.kind === 'allow-if-job-state') expect([...one.states]).toEqual(['failed']);
  });

  it('removes finished jobs only, never work in progress', () => {
    const all = '/api/queues/:queueName/clean/:queueStatus';
    for (const status of ['completed', 'failed'])
      expect(dashboardAction('put', all, { queueStatus: status }).kind).toBe('allow');
    for (const status of ['wait', 'active', 'delayed', 'paused', ''])
      expect(dashboardAction('put', all, { queueStatus: status }).kind).toBe('refuse');
    const one = dashboardAction('put', '/api/queues/:queueName/:jobId/clean', { jobId: 'j' });
    expect(one.kind).toBe('allow-if-job-state');
    if (one.kind === 'allow-if-job-state')
      expect([...one.states].sort()).toEqual(['completed', 'failed']);
  });
});
