/**
 * What a site admin may change from the queue dashboard (bull-board). Reading is always allowed;
 * of bull-board's actions only those that cannot lose or forge work are: retrying a failed job,
 * promoting a delayed one, removing finished jobs (completed or failed: their outcome is in
 * Postgres, and the reconciler re-queues any unfinished submission whose job is gone), pausing
 * and resuming. Adding or editing jobs, emptying or obliterating a queue, and changing
 * concurrency, rate limits, delays, priorities or job schedulers are refused: the outbox and the
 * worker own those. Pure, so the table is tested without Redis (action-policy.test.ts).
 */

/** The states from which a job may be removed: its outcome is already recorded elsewhere. */
const FINISHED_STATES = new Set(['completed', 'failed']);

export type DashboardAction =
  | { kind: 'allow' }
  /** Allowed only when the job named in the route is in one of these states. */
  | { kind: 'allow-if-job-state'; states: ReadonlySet<string>; what: string }
  | { kind: 'refuse'; message: string };

const allow: DashboardAction = { kind: 'allow' };
const refuse = (message: string): DashboardAction => ({ kind: 'refuse', message });

/**
 * Decides a bull-board API call from its method, route pattern (as bull-board declares it, e.g.
 * `/api/queues/:queueName/:jobId/retry`) and route parameters.
 */
export function dashboardAction(
  method: string,
  route: string,
  params: Record<string, unknown>,
): DashboardAction {
  const verb = method.toLowerCase();
  if (verb === 'get' || verb === 'head') return allow;
  const status = typeof params.queueStatus === 'string' ? params.queueStatus : '';
  switch (`${verb} ${route}`) {
    case 'put /api/queues/pause':
    case 'put /api/queues/resume':
    case 'put /api/queues/:queueName/pause':
    case 'put /api/queues/:queueName/resume':
    case 'put /api/queues/:queueName/promote':
    case 'put /api/queues/:queueName/:jobId/promote':
      return allow;
    case 'put /api/queues/:queueName/retry/:queueStatus':
      return status === 'failed'
        ? allow
        : refuse('only failed jobs may be retried from the MedRank dashboard');
    case 'put /api/queues/:queueName/:jobId/retry':
      return {
        kind: 'allow-if-job-state',
        states: new Set(['failed']),
        what: 'only failed jobs may be retried from the MedRank dashboard',
      };
    case 'put /api/queues/:queueName/clean/:queueStatus':
      return FINISHED_STATES.has(status)
        ? allow
        : refuse(
            'only completed or failed jobs may be removed from the MedRank dashboard (waiting, active and delayed jobs are work in progress)',
          );
    case 'put /api/queues/:queueName/:jobId/clean':
      return {
        kind: 'allow-if-job-state',
        states: FINISHED_STATES,
        what: 'only completed or failed jobs may be removed from the MedRank dashboard (waiting, active and delayed jobs are work in progress)',
      };
    default:
      return refuse(
        'this action is not available from the MedRank dashboard: jobs are added and changed by the outbox and the worker only',
      );
  }
}
