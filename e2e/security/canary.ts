// A benchmark whose hidden answers are unique, unguessable strings ("canaries"): if any of them
// ever appears in a response — an error message, an export, a page — hidden data has leaked.
import { randomBytes } from 'node:crypto';
import { createPublishedBenchmark, e2eEnv } from '../support';

export interface CanaryBenchmark {
  slug: string;
  caseIds: string[];
  /** The hidden answers; none may ever appear in a response. */
  canaries: string[];
  /** The random part every canary shares: finding it anywhere is a leak. */
  secret: string;
}

export const CANARY_CASES = 60;

/** Seeds a published open-VQA benchmark with canary answers (behind the web, as a curator's upload would). */
export async function seedHiddenAnswerBenchmark(slug: string): Promise<CanaryBenchmark> {
  const { groundTruth, createDatabase } = await import('@medrank/db');
  const db = createDatabase(e2eEnv().ADMIN_DATABASE_URL!, { maxConnections: 2 });
  const secret = randomBytes(6).toString('hex');
  const caseIds = Array.from({ length: CANARY_CASES }, (_, i) => `c${i}`);
  const canaries = caseIds.map((_, i) => `canary${secret}x${i}`);
  try {
    const { benchmark, track } = await createPublishedBenchmark(db, {
      slug,
      title: `Canary ${slug}`,
      summary: 'Hidden answers that must never appear in any response.',
      taskType: 'open-vqa',
      taskConfig: {},
      metrics: ['vqa_exact_match', 'vqa_token_f1'],
      primaryMetric: 'vqa_exact_match',
    });
    const testSet = await db.testSet.create({
      data: {
        trackId: track.id,
        slug: 'test',
        name: 'Test',
        bootstrapSeed: 5,
        categoryDimensions: ['site'],
      },
    });
    await groundTruth.replaceForTestSet(
      db,
      testSet.id,
      caseIds.map((caseId, i) => ({
        caseId,
        metadata: { site: i % 2 ? 'north' : 'south' },
        truth: { answers: [canaries[i]!] },
      })),
    );
    await db.phase.create({
      data: { benchmarkId: benchmark.id, name: 'Open', opensAt: new Date(0), dailyQuota: 1000 },
    });
    return { slug, caseIds, canaries, secret };
  } finally {
    await db.$disconnect();
  }
}

/** Whether `text` contains any hidden answer (or the random part they share). */
export function leaksCanary(text: string, canary: CanaryBenchmark): boolean {
  return text.includes(canary.secret);
}
