import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { TASK_TYPES } from '@medrank/scoring';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_ENTRY } from '../../../../tools/testing/cli-entry.js';

const root = resolve(import.meta.dirname, '../../../..');
const dir = mkdtempSync(join(tmpdir(), 'medrank-cli-score-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = promisify(execFile);

/** Runs the `medrank` bin (what `npx medrank` resolves to) from the repository root: exit code, stdout, stderr. */
async function medrankScore(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI_ENTRY, 'score', ...args], {
      cwd: root,
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === 'number' ? e.code : -1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? '',
    };
  }
}
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

// BreastMNIST test labels (index,label,label_name) as a classification truth CSV case_id,label.
const breast = readFileSync(join(root, 'data/breastmnist/breastmnist_test_labels.csv'), 'utf8')
  .split(/\r?\n/)
  .slice(1)
  .filter((l) => l.trim() !== '')
  .map((l) => l.split(','))
  .map(([index, , name]) => ({ caseId: index!, label: name! }));

describe('npx medrank score', { timeout: 180_000 }, () => {
  it.concurrent(
    'scores a BreastMNIST-like classification file and prints exactly one JSON object',
    async () => {
      const truth = file(
        'breast-truth.csv',
        `case_id,label\n${breast.map((c) => `${c.caseId},${c.label}`).join('\n')}\n`,
      );
      // Every 5th case gets the wrong label; the rest are right.
      const predicted = breast.map((c, i) =>
        i % 5 === 0 ? (c.label === 'malignant' ? 'normal_or_benign' : 'malignant') : c.label,
      );
      const pred = file(
        'breast-pred.csv',
        `case_id,label\n${breast.map((c, i) => `${c.caseId},${predicted[i]}`).join('\n')}\n`,
      );
      const config = file(
        'breast.json',
        JSON.stringify({
          classes: ['malignant', 'normal_or_benign'],
          positiveClass: 'malignant',
          metrics: ['accuracy', 'roc_auc'],
        }),
      );
      const { code, stdout } = await medrankScore([
        '--task',
        'classification',
        '--truth',
        truth,
        '--pred',
        pred,
        '--config',
        config,
        '--bootstrap',
        '200',
        '--seed',
        '7',
        '--json',
      ]);
      expect(code).toBe(0);
      expect(stdout.trim().split('\n')).toHaveLength(1);
      const report = JSON.parse(stdout);
      const correct = breast.filter((c, i) => predicted[i] === c.label).length;
      expect(breast).toHaveLength(156);
      expect(report).toMatchObject({ task: 'classification', n: 156, breakdowns: [], errors: [] });
      expect(report.metrics.accuracy.value).toBe(correct / 156);
      expect(report.metrics.accuracy.ci[0]).toBeLessThan(correct / 156);
      expect(report.metrics.accuracy.ci[1]).toBeGreaterThan(correct / 156);
      expect(report.metrics.roc_auc).toMatchObject({
        value: null,
        ci: null,
        note: expect.stringMatching(/labels only/),
      });
    },
  );

  it.concurrent(
    'scores multiple choice with default metrics and per-category breakdowns',
    async () => {
      const questions = Array.from({ length: 40 }, (_, i) => ({
        id: `q${i}`,
        answer: 'ABCD'[i % 4],
        options: ['CT', 'MRI', 'X-ray', 'Ultrasound'],
        categories: { modality: i < 20 ? 'chest' : 'abdomen' },
      }));
      const truth = file('mc-truth.jsonl', questions.map((q) => JSON.stringify(q)).join('\n'));
      // chest: all right; abdomen: every answer "A" (right on 5 of 20), plus one unanswerable response.
      const answers = questions.map((q, i) =>
        i < 20 ? `The answer is ${q.answer}` : i === 39 ? 'I cannot tell' : 'A',
      );
      const pred = file(
        'mc-pred.csv',
        `case_id,answer\n${questions.map((q, i) => `${q.id},${answers[i]}`).join('\n')}\n`,
      );
      const { code, stdout } = await medrankScore([
        '--task',
        'multiple-choice',
        '--truth',
        truth,
        '--pred',
        pred,
        '--bootstrap',
        '100',
        '--json',
      ]);
      expect(code).toBe(0);
      const report = JSON.parse(stdout);
      expect(report.n).toBe(40);
      expect(Object.keys(report.metrics)).toEqual(['vqa_accuracy', 'extraction_failure_rate']);
      expect(report.metrics.vqa_accuracy.value).toBe(25 / 40);
      expect(report.metrics.extraction_failure_rate.value).toBe(1 / 40);
      expect(
        report.breakdowns.map((b: { category: string; value: number; n: number }) => [
          b.category,
          b.value,
          b.n,
        ]),
      ).toEqual([
        ['abdomen', 5 / 20, 20],
        ['chest', 1, 20],
      ]);
      expect(report.notes[0]).toMatch(/1 of 40 responses name no option letter/);
    },
  );

  it.concurrent(
    'exits 1 with line-numbered errors for an invalid prediction file, revealing no answer',
    async () => {
      const truth = file(
        'open-truth.jsonl',
        [
          { id: 'a', answer: 'pneumothorax' },
          { id: 'b', answer: 'cardiomegaly' },
        ]
          .map((q) => JSON.stringify(q))
          .join('\n'),
      );
      const pred = file(
        'open-pred.jsonl',
        '{"id": "a", "answer": 5}\n{"id": "a", "answer": "x"}\n{"id": "zz", "answer": "x"}\nnot json\n',
      );
      const { code, stdout } = await medrankScore([
        '--task',
        'open-vqa',
        '--truth',
        truth,
        '--pred',
        pred,
        '--json',
      ]);
      expect(code).toBe(1);
      const report = JSON.parse(stdout);
      expect(report).toMatchObject({ task: 'open-vqa', n: null, metrics: {}, errorCount: 4 });
      expect(report.errors.map((e: { file: string; line?: number }) => [e.file, e.line])).toEqual([
        ['predictions', 2],
        ['predictions', 3],
        ['predictions', 4],
        ['predictions', undefined],
      ]);
      expect(stdout).not.toMatch(/pneumothorax|cardiomegaly/);
    },
  );

  it.concurrent('exits 2 with a JSON error on usage errors', async () => {
    const truth = file('reg-truth.csv', 'case_id,value\na,1\n');
    const unknown = await medrankScore([
      '--task',
      'segmentation-3d',
      '--truth',
      truth,
      '--pred',
      truth,
      '--json',
    ]);
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout).errors[0].message).toBe(
      `unknown task type "segmentation-3d"; known: ${Object.keys(TASK_TYPES).join(', ')}`,
    );
    const badMetric = await medrankScore([
      '--task',
      'regression',
      '--truth',
      truth,
      '--pred',
      truth,
      '--config',
      file('bad.json', '{"metrics": ["dice"]}'),
      '--json',
    ]);
    expect(badMetric.code).toBe(2);
    expect(JSON.parse(badMetric.stdout).errors[0].message).toMatch(
      /unknown regression metric "dice"/,
    );
    const missing = await medrankScore(['--task', 'regression', '--truth', truth, '--json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--pred/);
  });
});
