import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { bootstrapIndices, percentileBootstrapCi } from '@medrank/metrics';
import type { ExternalScoreRequest } from '../external-scorer/external-scorer-protocol.js';
import {
  overlapReply,
  startLocalScorer,
  tokenOverlapFraction,
  type LocalScorer,
  type LocalScorerReply,
} from '../external-scorer/start-local-scorer.js';
import { scoreSubmissionFile } from '../score-submission-file.js';
import { getTaskType } from '../task-types.js';

const dir = mkdtempSync(join(tmpdir(), 'medrank-external-scorers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const servers: LocalScorer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(
  reply: (request: ExternalScoreRequest, index: number) => LocalScorerReply,
): Promise<LocalScorer> {
  const server = await startLocalScorer(reply);
  servers.push(server);
  return server;
}

let count = 0;
const write = (lines: unknown[]) => {
  const path = join(dir, `f${count++}.jsonl`);
  writeFileSync(path, lines.map((l) => JSON.stringify(l)).join('\n'));
  return path;
};

const cases = [
  {
    id: 'case-CT-0001',
    modality: 'CT',
    findings: 'SECRETREF1 no pleural effusion .',
    prediction: 'no pleural effusion .',
  },
  {
    id: 'case-CT-0002',
    modality: 'CT',
    findings: 'SECRETREF2 small left pleural effusion .',
    prediction: 'small right pleural effusion .',
  },
  {
    id: 'case-CT-0003',
    modality: 'CT',
    findings: 'SECRETREF3 the heart is enlarged .',
    prediction: 'heart is large .',
  },
  {
    id: 'case-MR-0004',
    modality: 'MR',
    findings: 'SECRETREF4 lungs are clear .',
    prediction: 'lungs clear .',
  },
  {
    id: 'case-MR-0005',
    modality: 'MR',
    findings: 'SECRETREF5 no pneumothorax .',
    prediction: 'no pneumothorax seen .',
  },
  { id: 'case-MR-0006', modality: 'MR', findings: 'SECRETREF6 stable nodule .', prediction: '' },
];
const expectedValues = cases.map((c) => tokenOverlapFraction(c.findings, c.prediction)!);
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

const scorerConfig = (url: string, overrides: Record<string, unknown> = {}) => ({
  key: 'overlap_f',
  label: 'Token overlap',
  url,
  higherIsBetter: true,
  range: [0, 1],
  version: 'overlap-1',
  timeoutMs: 1_000,
  batchSize: 4,
  retryBaseDelayMs: 5,
  ...overrides,
});

async function score(taskConfig: Record<string, unknown>, metrics: string[], replicates = 200) {
  const result = await scoreSubmissionFile({
    taskType: 'report-generation',
    taskConfig: { minCategorySize: 2, ...taskConfig },
    metrics,
    file: {
      path: write(cases.map((c) => ({ id: c.id, findings: c.prediction }))),
      name: 'p.jsonl',
    },
    testSets: [
      {
        id: 't',
        evaluatorVersion: 1,
        seed: 'ext',
        caseIds: cases.map((c) => c.id),
        truth: new Map(cases.map((c) => [c.id, { findings: c.findings }])),
        categories: new Map(cases.map((c) => [c.id, { modality: c.modality }])),
      },
    ],
    bootstrapReplicates: replicates,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.evaluations[0]!;
}

describe('report-generation with an external scorer', () => {
  it('aggregates the scorer’s per-case values as a mean with the shared, paired bootstrap CI', async () => {
    const server = await serve((request) => overlapReply(request));
    const e = await score({ externalScorers: [scorerConfig(server.url)] }, [
      'rougeL_f',
      'overlap_f',
    ]);
    expect(server.bodies).toHaveLength(2); // 6 cases in batches of 4
    expect(e.metrics.overlap_f!.value).toBeCloseTo(mean(expectedValues), 15);
    expect(e.metrics.overlap_f!.n).toBe(6);
    expect(e.metrics.rougeL_f!.value).not.toBeNull();

    // Same resample rows as every other metric of the test set: bootstrapIndices(n, B, seed).
    const indices = bootstrapIndices(6, 200, 'ext');
    const replicates = Float64Array.from({ length: 200 }, (_, b) =>
      mean([...indices.subarray(b * 6, b * 6 + 6)].map((i) => expectedValues[i]!)),
    );
    const { ci } = percentileBootstrapCi(replicates);
    expect(e.metrics.overlap_f!.ci![0]).toBeCloseTo(ci[0], 12);
    expect(e.metrics.overlap_f!.ci![1]).toBeCloseTo(ci[1], 12);
    expect(e.metrics.overlap_f!.ci![0]).toBeLessThan(e.metrics.overlap_f!.ci![1]);
  });

  it('includes the external metric in the category breakdowns', async () => {
    const server = await serve((request) => overlapReply(request));
    const e = await score({ externalScorers: [scorerConfig(server.url)] }, ['overlap_f'], 50);
    const cells = (e.breakdowns ?? []).filter((b) => b.metric === 'overlap_f');
    expect(cells.map((b) => [b.dimension, b.category, b.n])).toEqual([
      ['modality', 'CT', 3],
      ['modality', 'MR', 3],
    ]);
    expect(cells[0]!.value).toBeCloseTo(mean(expectedValues.slice(0, 3)), 15);
    expect(cells[1]!.value).toBeCloseTo(mean(expectedValues.slice(3)), 15);
    expect(cells.every((b) => b.ci !== null)).toBe(true);
  });

  it('never sends case ids to the scorer', async () => {
    const server = await serve((request) => overlapReply(request));
    await score(
      { externalScorers: [scorerConfig(server.url, { batchSize: 64 })] },
      ['overlap_f'],
      0,
    );
    expect(server.bodies).toHaveLength(1);
    for (const body of server.bodies) {
      for (const c of cases) expect(body).not.toContain(c.id);
      expect(body).not.toMatch(/case-|CT-|MR-/);
    }
    const request = JSON.parse(server.bodies[0]!) as ExternalScoreRequest;
    expect(request.items.map((i) => i.reference)).toEqual(cases.map((c) => c.findings));
    expect(Object.keys(request.items[0]!).sort()).toEqual(['candidate', 'id', 'reference']);
  });

  it('makes a failed scorer’s metric null with a note, scores the rest, and quotes no reference', async () => {
    const server = await serve((request) => ({
      body: JSON.stringify({
        scores: request.items.slice(1).map((i) => ({ id: i.id, value: 0.5 })),
        scorer: { name: 's', version: 'overlap-1' },
      }),
    }));
    const e = await score(
      { externalScorers: [scorerConfig(server.url)] },
      ['rougeL_f', 'overlap_f'],
      50,
    );
    expect(e.metrics.overlap_f).toEqual({
      value: null,
      ci: null,
      n: 6,
      note: expect.stringMatching(
        /^Token overlap has no value: external scorer "overlap_f": batch \d of 2: malformed response: response has 3 scores for a batch of 4 items \(after 1 attempt\)$/,
      ),
    });
    expect(e.metrics.rougeL_f!.value).not.toBeNull();
    expect(e.notes).toEqual([e.metrics.overlap_f!.note]);
    expect((e.breakdowns ?? []).some((b) => b.metric === 'overlap_f')).toBe(false);
    const published = JSON.stringify(e);
    for (const c of cases) expect(published).not.toContain(c.findings.split(' ')[0]);
  });

  it('notes the cases the scorer had no value for and averages over the others', async () => {
    const server = await serve((request) => ({
      body: JSON.stringify({
        scores: request.items.map((i) => ({
          id: i.id,
          value: i.candidate === '' ? null : tokenOverlapFraction(i.reference, i.candidate),
        })),
        scorer: { name: 's', version: 'overlap-1' },
      }),
    }));
    const e = await score({ externalScorers: [scorerConfig(server.url)] }, ['overlap_f'], 50);
    expect(e.metrics.overlap_f!.value).toBeCloseTo(mean(expectedValues.slice(0, 5)), 15);
    expect(e.notes).toEqual([
      'Token overlap: the scorer gave no value for 1 of 6 cases; the mean and its CI are over the other cases',
    ]);
  });

  it('calls no scorer when the track does not list its metric', async () => {
    const server = await serve((request) => overlapReply(request));
    const e = await score({ externalScorers: [scorerConfig(server.url)] }, ['rougeL_f'], 0);
    expect(server.bodies).toHaveLength(0);
    expect(Object.keys(e.metrics)).toEqual(['rougeL_f']);
  });

  it('lists external metrics among the defaults and still rejects unknown metric keys', async () => {
    const task = getTaskType('report-generation');
    const config = task.parseConfig({
      externalScorers: [scorerConfig('http://127.0.0.1:9/score')],
    });
    expect(task.defaultMetrics(config)).toEqual([
      'bleu1_corpus',
      'bleu2_corpus',
      'bleu3_corpus',
      'bleu4_corpus',
      'rougeL_f',
      'meteor',
      'cider_d',
      'overlap_f',
    ]);
    await expect(score({}, ['overlap_f'], 0)).rejects.toThrow(
      'unknown report-generation metric "overlap_f"',
    );
    expect(() =>
      task.parseConfig({
        externalScorers: [scorerConfig('http://127.0.0.1:9/score', { key: 'cider_d' })],
      }),
    ).toThrow(/clashes with the built-in metric CIDEr-D/);
  });
});
