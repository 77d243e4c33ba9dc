import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  bootstrapIndices,
  ciderDScore,
  corpusBleuScore,
  meanMeteorScore,
  percentileBootstrapCi,
  rougeLScore,
  spaceTokenize,
} from '@medrank/metrics';
import { loadWordNetSynonyms } from '@medrank/metrics/text/wordnet-loader';
import { scoreSubmissionFile } from '../score-submission-file.js';
import { getTaskType } from '../task-types.js';
import { DEFAULT_WORDNET_DIRECTORY, setWordNetDirectory } from './wordnet.js';

const dir = mkdtempSync(join(tmpdir(), 'medrank-report-scoring-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => setWordNetDirectory(DEFAULT_WORDNET_DIRECTORY));
let count = 0;
const write = (lines: unknown[]) => {
  const path = join(dir, `f${count++}.jsonl`);
  writeFileSync(path, lines.map((l) => JSON.stringify(l)).join('\n'));
  return path;
};

const truthLines = [
  { id: 's1', findings: 'no pleural effusion .', impression: 'normal chest .' },
  { id: 's2', findings: 'small left pleural effusion .', impression: 'effusion .' },
  { id: 's3', findings: 'the heart is enlarged .', impression: 'cardiomegaly .' },
  { id: 's4', findings: 'lungs are clear , no pneumothorax .', impression: 'no acute disease .' },
];
const predictionLines = [
  { id: 's1', findings: 'no pleural effusion .', impression: 'normal chest .' },
  { id: 's2', findings: 'small right pleural effusion .', impression: 'small effusion .' },
  { id: 's3', findings: 'heart is large .', impression: 'cardiomegaly .' },
  { id: 's4', findings: 'lungs clear .', impression: '' },
];

async function testSet(path: string, taskConfig: Record<string, unknown>) {
  const task = getTaskType('report-generation');
  const config = task.parseConfig(taskConfig);
  const truth = await task.parseGroundTruth(path, config);
  if (!truth.ok) throw new Error(JSON.stringify(truth.issues));
  const cases = task.groundTruthCases(truth.value, config);
  return {
    id: 't',
    evaluatorVersion: 1,
    seed: 'rg',
    caseIds: cases.map((c) => c.caseId),
    truth: new Map(cases.map((c) => [c.caseId, c.truth])),
  };
}

const score = async (taskConfig: Record<string, unknown>, metrics: string[], replicates = 300) => {
  const result = await scoreSubmissionFile({
    taskType: 'report-generation',
    taskConfig,
    metrics,
    file: { path: write(predictionLines), name: 'p.jsonl' },
    testSets: [await testSet(write(truthLines), taskConfig)],
    bootstrapReplicates: replicates,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.evaluations[0]!;
};

describe('report-generation task type', () => {
  const hasWordNet = existsSync(join(DEFAULT_WORDNET_DIRECTORY, 'index.noun'));

  it('scores the findings section to the metric functions’ values', async () => {
    const e = await score(
      { sections: ['findings'] },
      ['bleu1_corpus', 'bleu4_corpus', 'rougeL_f', 'cider_d'],
      0,
    );
    const cand = predictionLines.map((p) => p.findings),
      ref = truthLines.map((t) => t.findings);
    const candTokens = cand.map(spaceTokenize),
      refTokens = ref.map((r) => [spaceTokenize(r)]);
    expect(e.metrics.bleu1_corpus!.value).toBe(
      corpusBleuScore(candTokens, refTokens, { maxOrder: 1 }),
    );
    expect(e.metrics.bleu4_corpus!.value).toBe(corpusBleuScore(candTokens, refTokens));
    expect(e.metrics.rougeL_f!.value).toBe(rougeLScore(cand, ref));
    expect(e.metrics.cider_d!.value).toBe(ciderDScore(candTokens, refTokens).score);
    expect(e.metrics.bleu4_corpus!.value).toBeGreaterThan(0);
  });

  it('concatenates findings and impression in config order with one space', async () => {
    const e = await score({ sections: ['findings', 'impression'] }, ['rougeL_f'], 0);
    const joined = (r: { findings: string; impression: string }) => `${r.findings} ${r.impression}`;
    expect(e.metrics.rougeL_f!.value).toBe(
      rougeLScore(predictionLines.map(joined), truthLines.map(joined)),
    );
  });

  it('bootstraps corpus BLEU from summed sufficient statistics, equal to recomputing it on resampled texts', async () => {
    const e = await score({}, ['bleu2_corpus'], 200);
    const cand = predictionLines.map((p) => spaceTokenize(p.findings)),
      ref = truthLines.map((t) => [spaceTokenize(t.findings)]);
    const indices = bootstrapIndices(4, 200, 'rg');
    const replicates = Float64Array.from({ length: 200 }, (_, b) => {
      const row = [...indices.subarray(b * 4, b * 4 + 4)];
      return corpusBleuScore(
        row.map((i) => cand[i]!),
        row.map((i) => ref[i]!),
        { maxOrder: 2 },
      );
    });
    expect(e.metrics.bleu2_corpus!.ci).toEqual(percentileBootstrapCi(replicates).ci);
  });

  it.runIf(hasWordNet)(
    'computes METEOR with the system WordNet',
    async () => {
      const e = await score({}, ['meteor'], 0);
      const expected = meanMeteorScore(
        predictionLines.map((p) => spaceTokenize(p.findings)),
        truthLines.map((t) => [spaceTokenize(t.findings)]),
        { synonyms: loadWordNetSynonyms(DEFAULT_WORDNET_DIRECTORY) },
      );
      expect(e.metrics.meteor!.value).toBe(expected);
    },
    60_000,
  ); // reads the ~30 MB WordNet database twice

  it('reports METEOR as null with a note when WordNet is missing, never a value without synonyms', async () => {
    setWordNetDirectory(join(dir, 'no-wordnet'));
    const e = await score({}, ['meteor', 'rougeL_f'], 50);
    expect(e.metrics.meteor).toEqual({
      value: null,
      ci: null,
      n: 4,
      note: expect.stringMatching(/METEOR needs WordNet 3\.0 in .*no-wordnet \(not found\)/),
    });
    expect(e.metrics.rougeL_f!.value).not.toBeNull();
    expect(e.notes).toEqual([e.metrics.meteor!.note]);
  });

  it('rejects a bad sections config', () => {
    expect(() => getTaskType('report-generation').parseConfig({ sections: [] })).toThrow(
      /sections must be a non-empty list/,
    );
  });

  const peerFile = join(import.meta.dirname, '../../../../.peers/data/text/report_n2k.jsonl');
  it.runIf(existsSync(peerFile))(
    'matches the nltk / rouge_score peer values on report_n2k',
    async () => {
      const rows = readFileSync(peerFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: number; reference: string; candidate: string });
      const result = await scoreSubmissionFile({
        taskType: 'report-generation',
        taskConfig: {},
        metrics: ['bleu4_corpus', 'rougeL_f', ...(hasWordNet ? ['meteor'] : [])],
        file: {
          path: write(rows.map((r) => ({ id: r.id, findings: r.candidate }))),
          name: 'p.jsonl',
        },
        testSets: [
          await testSet(write(rows.map((r) => ({ id: r.id, findings: r.reference }))), {}),
        ],
        bootstrapReplicates: 0,
      });
      if (!result.ok) throw new Error(JSON.stringify(result.issues));
      const m = result.evaluations[0]!.metrics;
      expect(Math.abs(m.bleu4_corpus!.value! - 0.6695008894864254)).toBeLessThan(1e-12);
      expect(Math.abs(m.rougeL_f!.value! - 0.7448820441699154)).toBeLessThan(1e-12);
      if (hasWordNet) expect(Math.abs(m.meteor!.value! - 0.7367564409745108)).toBeLessThan(1e-12);
    },
    60_000,
  );
});

describe('report-generation textNormalization', () => {
  // 38 raw clinical report pairs and their nltk 3.8 / vrama91 CIDEr-D values under both
  // normalizations (tools/peers/text-normalization-reference.py, checked live by the metrics parity test).
  const fixtures = join(import.meta.dirname, '../../../metrics/src/text/fixtures');
  const pairs = readFileSync(join(fixtures, 'clinical-report-pairs.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; reference: string; candidate: string });
  type Expected = {
    bleu: number[];
    meteorMean: number;
    ciderD: { score: number };
  };
  const reference = JSON.parse(
    readFileSync(join(fixtures, 'text-normalization-nltk-3.8.json'), 'utf8'),
  ) as { conventions: Record<'whitespace' | 'ptb-lower', Expected> };
  const hasWordNet = existsSync(join(DEFAULT_WORDNET_DIRECTORY, 'index.noun'));
  const metrics = [
    'bleu1_corpus',
    'bleu2_corpus',
    'bleu3_corpus',
    'bleu4_corpus',
    'cider_d',
    'rougeL_f',
    ...(hasWordNet ? ['meteor'] : []),
  ];

  const scoreTrack = async (taskConfig: Record<string, unknown>) => {
    const result = await scoreSubmissionFile({
      taskType: 'report-generation',
      taskConfig,
      metrics,
      file: {
        path: write(pairs.map((p) => ({ id: p.id, findings: p.candidate }))),
        name: 'p.jsonl',
      },
      testSets: [
        await testSet(write(pairs.map((p) => ({ id: p.id, findings: p.reference }))), taskConfig),
      ],
      bootstrapReplicates: 0,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return result.evaluations[0]!.metrics;
  };
  const within = (actual: number | null | undefined, expected: number) =>
    expect(Math.abs((actual ?? Number.NaN) - expected)).toBeLessThanOrEqual(1e-12);

  it('scores a ptb-lower and a whitespace track on the same files differently, each equal to the reference', async () => {
    const [whitespace, ptb, byDefault] = await Promise.all([
      scoreTrack({ textNormalization: 'whitespace' }),
      scoreTrack({ textNormalization: 'ptb-lower' }),
      scoreTrack({}),
    ]);
    for (const [m, key] of [
      [whitespace, 'whitespace'],
      [ptb, 'ptb-lower'],
    ] as const) {
      const expected = reference.conventions[key];
      expected.bleu.forEach((value, k) => within(m[`bleu${k + 1}_corpus`]!.value, value));
      within(m.cider_d!.value, expected.ciderD.score);
      if (hasWordNet) within(m.meteor!.value, expected.meteorMean);
    }
    // e.g. BLEU-4 0.0806 split on spaces, 0.1968 as PTB tokens without punctuation
    expect(ptb.bleu4_corpus!.value).toBeGreaterThan(whitespace.bleu4_corpus!.value! + 0.1);
    expect(ptb.cider_d!.value).not.toBe(whitespace.cider_d!.value);
    // ROUGE-L has its own tokenizer under both; no key scores as before the key existed.
    expect(ptb.rougeL_f!.value).toBe(whitespace.rougeL_f!.value);
    expect(byDefault).toEqual(whitespace);
  }, 60_000);

  it('defaults to whitespace and rejects an unknown value, naming the allowed ones', () => {
    const task = getTaskType('report-generation');
    expect(task.parseConfig({}).textNormalization).toBe('whitespace');
    expect(task.parseConfig({ textNormalization: 'ptb-lower' }).textNormalization).toBe(
      'ptb-lower',
    );
    for (const bad of ['ptb', 'PTB-lower', 42, ['ptb-lower']])
      expect(() => task.parseConfig({ textNormalization: bad })).toThrow(
        `report-generation track misconfigured: textNormalization must be one of "whitespace", "ptb-lower"; found ${JSON.stringify(bad)}`,
      );
  });
});
