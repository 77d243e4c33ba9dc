import 'server-only';
import { leaderboard } from '@medrank/db';
import { metricInfo } from '@/lib/metric-info';
import { db } from '@/server/db';

/** A board ranked by `metric` in that metric's own direction (ties share a rank, missing last). */
export function getBoard(testSetId: string, metric: string, taskConfig: Record<string, unknown>) {
  return leaderboard.getBoard(db(), {
    testSetId,
    metric,
    higherIsBetter: metricInfo(metric, taskConfig).higherIsBetter,
  });
}
