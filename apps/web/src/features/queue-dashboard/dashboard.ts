import 'server-only';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import {
  BOARD_QUERIES_QUEUE,
  CURATION_QUEUE,
  RANK_STATS_QUEUE,
  SCORING_QUEUE,
} from '@medrank/jobs';
import { Hono } from 'hono';
import { queues } from '@/server/queues';
import { dashboardAction } from './action-policy';

/** Where the dashboard lives; the route handler is app/admin/queues/[[...path]]/route.ts. */
export const DASHBOARD_BASE_PATH = '/admin/queues';

/** The platform's queues, what their jobs carry, and what the dashboard's actions do to them. */
const QUEUES = [
  {
    name: SCORING_QUEUE,
    description:
      'score-submission (a submission id) and rescore-evaluation (ids and a version). Removing a job never loses a submission: the reconciler re-queues unfinished ones whose job is gone.',
  },
  {
    name: CURATION_QUEUE,
    description: 'validate / apply ground truth (an upload id; the file stays in the blob store).',
  },
  {
    name: RANK_STATS_QUEUE,
    description:
      'compute-rank-stats (a test-set id); stale statistics are re-triggered by the reconciler.',
  },
  {
    name: BOARD_QUERIES_QUEUE,
    description:
      'custom subsets and comparisons asked by the web (answers are released aggregates, kept 60 s).',
  },
] as const;

function createDashboard(): Hono {
  const serverAdapter = new HonoAdapter(serveStatic);
  serverAdapter.setBasePath(DASHBOARD_BASE_PATH);
  createBullBoard({
    // The web's own producer connection and QUEUE_PREFIX: the queues the workers consume.
    queues: QUEUES.map(({ name, description }) => {
      // The policy below refuses retries of completed jobs; this hides their button too (an
      // option of bull-board's base adapter that BullMQAdapter's type does not list).
      const options = { description, allowCompletedRetries: false };
      return new BullMQAdapter(queues().queue(name), options);
    }),
    serverAdapter,
    options: {
      uiConfig: {
        boardTitle: 'MedRank queues',
        hideDocsLink: true,
        miscLinks: [{ text: 'Admin', url: '/admin' }],
      },
      handlerHooks: {
        // Every API call passed the route handler's admin and same-origin checks; this decides
        // which of bull-board's actions an admin may take at all (action-policy.ts).
        before: async ({ method, route, request }) => {
          const decision = dashboardAction(method, route, request.params);
          if (decision.kind === 'allow') return { allow: true };
          if (decision.kind === 'refuse')
            return { allow: false, status: 403, message: decision.message };
          const queue = request.queues.get(String(request.params.queueName));
          const job = await queue?.getJob(String(request.params.jobId));
          if (!job) return { allow: true }; // bull-board answers 404 itself
          return decision.states.has(await job.getState())
            ? { allow: true }
            : { allow: false, status: 403, message: decision.what };
        },
      },
    },
  });
  return new Hono().route(DASHBOARD_BASE_PATH, serverAdapter.registerPlugin());
}

const globalForDashboard = globalThis as unknown as { medrankQueueDashboard?: Hono };

/** The bull-board app (a Hono app answering fetch Requests), created once per process. */
export function queueDashboard(): Hono {
  globalForDashboard.medrankQueueDashboard ??= createDashboard();
  return globalForDashboard.medrankQueueDashboard;
}
