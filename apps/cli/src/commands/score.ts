import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { isAppError, type FileIssue } from '@medrank/core';
import { getTaskType, scoreSubmissionFile, TASK_TYPES, type Breakdown } from '@medrank/scoring';

interface ScoreOptions {
  task: string;
  truth: string;
  pred: string;
  config?: string;
  bootstrap: string;
  seed: string;
  maxErrors: string;
  json: boolean;
}

type ReportedIssue = FileIssue & { file: 'truth' | 'predictions' };

/** What `medrank score --json` prints: exactly one object. */
export interface ScoreReport {
  task: string;
  /** Cases scored; null when nothing was scored. */
  n: number | null;
  metrics: Record<string, { value: number | null; ci: [number, number] | null; note?: string }>;
  breakdowns: Breakdown[];
  notes: string[];
  /** The first `--max-errors` problems; empty on success. */
  errors: (ReportedIssue | { message: string })[];
  errorCount: number;
}

class UsageError extends Error {}

/** The test set id the CLI scores under; a single test set holds every case of the truth file. */
const CLI_TEST_SET = 'cli';

/**
 * `medrank score`: scores a predictions file against a ground-truth file on this machine through
 * `scoreSubmissionFile`, the worker's code path: the truth file is read by the task type's
 * ground-truth parser into the same hidden payloads and public categories the platform stores.
 * Exit codes: 0 scored; 1 the predictions (or the truth file) are invalid, with the error list;
 * 2 usage errors (unknown task type, unreadable config, bad option, unknown metric).
 */
export async function runScore(
  options: ScoreOptions,
): Promise<{ exitCode: number; report: ScoreReport }> {
  const report: ScoreReport = {
    task: options.task,
    n: null,
    metrics: {},
    breakdowns: [],
    notes: [],
    errors: [],
    errorCount: 0,
  };
  try {
    const taskType = getTaskTypeOrUsage(options.task);
    const rawConfig = readConfig(options.config);
    const replicates = readInteger('--bootstrap', options.bootstrap, 0);
    const maxIssues = readInteger('--max-errors', options.maxErrors, 1);
    const seed = /^-?\d+$/.test(options.seed) ? Number(options.seed) : options.seed;
    for (const [flag, file] of [
      ['--truth', options.truth],
      ['--pred', options.pred],
    ] as const) {
      if (!isFile(file)) throw new UsageError(`${flag} ${file}: no such file`);
    }
    const { metrics: configMetrics, ...taskConfig } = rawConfig;
    const config = taskType.parseConfig(taskConfig);
    const metrics =
      configMetrics === undefined ? taskType.defaultMetrics(config) : readMetricList(configMetrics);

    const truth = await taskType.parseGroundTruth(options.truth, config, { maxIssues });
    if (!truth.ok) {
      report.errors = truth.issues.map((issue) => ({ file: 'truth' as const, ...issue }));
      report.errorCount = truth.issueCount;
      return { exitCode: 1, report };
    }
    const cases = taskType.groundTruthCases(truth.value, config);
    const result = await scoreSubmissionFile({
      taskType: taskType.key,
      taskConfig,
      metrics,
      file: { path: options.pred, name: path.basename(options.pred) },
      testSets: [
        {
          id: CLI_TEST_SET,
          evaluatorVersion: 1,
          seed,
          caseIds: cases.map((c) => c.caseId),
          truth: new Map(cases.map((c) => [c.caseId, c.truth])),
          categories: new Map(cases.map((c) => [c.caseId, c.metadata])),
        },
      ],
      bootstrapReplicates: replicates,
      maxIssues,
    });
    if (!result.ok) {
      report.errors = result.issues.map((issue) => ({ file: 'predictions' as const, ...issue }));
      report.errorCount = result.issueCount;
      return { exitCode: 1, report };
    }
    const [evaluation] = result.evaluations;
    if (!evaluation) throw new Error('no evaluation');
    report.n = evaluation.n;
    report.metrics = Object.fromEntries(
      Object.entries(evaluation.metrics).map(([key, m]) => [
        key,
        { value: m.value, ci: m.ci, ...(m.note ? { note: m.note } : {}) },
      ]),
    );
    report.breakdowns = evaluation.breakdowns ?? [];
    report.notes = evaluation.notes ?? [];
    return { exitCode: 0, report };
  } catch (error) {
    if (error instanceof UsageError || (isAppError(error) && error.code === 'BAD_REQUEST')) {
      report.errors = [{ message: error.message }];
      report.errorCount = 1;
      return { exitCode: 2, report };
    }
    throw error;
  }
}

function getTaskTypeOrUsage(key: string) {
  try {
    return getTaskType(key);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function readConfig(file: string | undefined): Record<string, unknown> {
  if (file === undefined) return {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`--config ${file}: cannot read the file`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `--config ${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UsageError(`--config ${file}: expected a JSON object`);
  return value as Record<string, unknown>;
}

function readMetricList(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((m) => typeof m === 'string')) {
    throw new UsageError('config "metrics" must be a non-empty list of metric keys');
  }
  return value;
}

function readInteger(flag: string, text: string, min: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min)
    throw new UsageError(`${flag} must be an integer ≥ ${min}; got "${text}"`);
  return Number(text);
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function printHuman({
  task,
  n,
  metrics,
  breakdowns,
  notes,
  errors,
  errorCount,
}: ScoreReport): void {
  if (errors.length > 0) {
    for (const issue of errors) {
      const where =
        'file' in issue
          ? [
              issue.file,
              issue.line !== undefined ? `line ${issue.line}` : null,
              issue.caseId ? `case ${issue.caseId}` : null,
              issue.column ?? null,
            ]
              .filter(Boolean)
              .join(', ')
          : '';
      console.error(`  ${where ? `${where}: ` : ''}${issue.message}`);
    }
    if (errorCount > errors.length) console.error(`  …and ${errorCount - errors.length} more`);
    return;
  }
  const format = (v: number | null) => (v === null ? 'n/a' : v.toFixed(4));
  console.log(`${task}: ${n} cases`);
  for (const [key, m] of Object.entries(metrics)) {
    console.log(
      `  ${key.padEnd(24)} ${format(m.value)}${m.ci ? `  95% CI [${format(m.ci[0])}, ${format(m.ci[1])}]` : ''}${m.note ? `  (${m.note})` : ''}`,
    );
  }
  for (const b of breakdowns) {
    console.log(
      `  ${`${b.dimension}=${b.category}`.padEnd(24)} ${b.metric} ${format(b.value)}${b.ci ? ` [${format(b.ci[0])}, ${format(b.ci[1])}]` : ''} n=${b.n}`,
    );
  }
  for (const note of notes) console.log(`  note: ${note}`);
}

export function registerScoreCommand(program: Command): void {
  program
    .command('score')
    .description(
      "score a predictions file against a ground-truth file locally, through the worker's scoring path",
    )
    .requiredOption('--task <type>', `task type: ${Object.keys(TASK_TYPES).join(', ')}`)
    .requiredOption('--truth <file>', "ground-truth file in the task type's format")
    .requiredOption('--pred <file>', "predictions file in the task type's format")
    .option(
      '--config <json file>',
      'track configuration: the task type\'s config keys, plus optional "metrics": [keys] (default: the task type\'s default metrics)',
    )
    .option('--bootstrap <n>', 'bootstrap replicates for the 95% CIs; 0 turns CIs off', '1000')
    .option('--seed <seed>', 'bootstrap seed (integers are used as numbers)', '0')
    .option('--max-errors <n>', 'errors listed (all are counted)', '50')
    .option(
      '--json',
      'print one JSON object {task, n, metrics, breakdowns, notes, errors, errorCount}',
      false,
    )
    .action(async (options: ScoreOptions) => {
      const { exitCode, report } = await runScore(options);
      if (options.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else printHuman(report);
      process.exitCode = exitCode;
    });
}
