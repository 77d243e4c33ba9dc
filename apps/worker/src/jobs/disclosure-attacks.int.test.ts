// The three data attacks of issue 9, performed as an attacker would against the real scoring
// handler, the real board-query worker (BullMQ) and Postgres, on the seeded VQA-RAD and MedXpertQA
// metadata and answers:
//  (a) subset differencing with crafted submissions (an all-"A" entry, and entries answering "B"
//      in one case per category cell), with every subset the attacker can form from the tree and
//      from the categories themselves;
//  (b) inclusion–exclusion over MedXpertQA's three dimensions;
//  (c) overall × n minus the published breakdown cells.
// Every answered number is put into a linear system over per-case unknowns (each entry's
// correctness on each case). Two cases that lie in exactly the same answered sets can never be
// told apart by any combination of answers; the test proves that every such class of cases is a
// union of atoms of at least k cases, so no single case and no set smaller than k is determined.
// The same queries judged by the old per-query size rule isolate single cases: the check has teeth.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { isAppError } from '@medrank/core';
import { boards, createDatabase, groundTruth, submissions, type CategoryTree } from '@medrank/db';
import {
  createUserWithTeam,
  testDatabaseUrls,
  testRedisUrl,
  uniqueQueuePrefix,
} from '@medrank/db/testing';
import {
  BOARD_QUERIES_QUEUE,
  QueueClient,
  askBoardQuery,
  closeBoardQueryEvents,
  createRedisConnection,
  subsetScores,
  type SubsetScoresResult,
} from '@medrank/jobs';
import { getTaskType } from '@medrank/scoring';
import { FileBlobStore } from '@medrank/storage';
import { Worker } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoardQueriesProcessor } from '../runtime.js';
import { handleScoreSubmission } from './score-submission.js';

const K = 20;
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const web = createDatabase(urls.DATABASE_URL, { maxConnections: 2 });
const workerDb = createDatabase(urls.WORKER_DATABASE_URL, { maxConnections: 4 });
const prefix = uniqueQueuePrefix('disclosure-attacks');
const producer = createRedisConnection(testRedisUrl(), { role: 'producer' });
const workerConnection = createRedisConnection(testRedisUrl(), { role: 'worker' });
const queues = new QueueClient(producer, prefix);
const logger = pino({ level: 'silent' });
let worker: Worker;
let dir: string;
let blobs: FileBlobStore;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'medrank-attacks-'));
  blobs = new FileBlobStore(path.join(dir, 'blobs'));
  worker = new Worker(BOARD_QUERIES_QUEUE, createBoardQueriesProcessor({ db: workerDb }), {
    connection: workerConnection,
    prefix,
    concurrency: 4,
  });
  await worker.waitUntilReady();
});

afterAll(async () => {
  await worker.close();
  await closeBoardQueryEvents(queues);
  await queues.close();
  producer.disconnect();
  workerConnection.disconnect();
  for (const cleanup of cleanups) await cleanup();
  await Promise.all([owner.$disconnect(), web.$disconnect(), workerDb.$disconnect()]);
  await rm(dir, { recursive: true, force: true });
});

// ───────────────────────── the board under attack ─────────────────────────

interface Board {
  slug: string;
  testSetId: string;
  dimensions: string[];
  /** Case ids in the test set's case order, their public metadata, hidden answers and atoms. */
  caseIds: string[];
  metadata: Record<string, string>[];
  answers: string[];
  atoms: number[];
  /** The groups the board publishes (what the attacker sees in the category tree). */
  tree: CategoryTree;
  submit(method: string, answerOf: (caseIndex: number) => string): Promise<string>;
}

/** A published multiple-choice board with a catalog file's real metadata and hidden answers. */
async function catalogBoard(file: string, dimensions: string[]): Promise<Board> {
  const taskType = getTaskType('multiple-choice');
  const config = taskType.parseConfig({});
  const parsed = await taskType.parseGroundTruth(
    path.join(REPO_ROOT, 'data/catalog', file),
    config,
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const slug = `attack-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
  const benchmark = await owner.benchmark.create({
    data: {
      slug,
      title: `Attack ${file}`,
      summary: 'fixture',
      taskType: 'multiple-choice',
      status: 'PUBLISHED',
      minCategorySize: K,
    },
  });
  const track = await owner.track.create({
    data: {
      benchmarkId: benchmark.id,
      slug: 'main',
      name: 'Main',
      taskType: 'multiple-choice',
      taskConfig: {},
      metrics: ['vqa_accuracy'],
      primaryMetric: 'vqa_accuracy',
    },
  });
  const testSet = await owner.testSet.create({
    data: {
      trackId: track.id,
      slug: 'test',
      name: 'Test',
      bootstrapSeed: 7,
      categoryDimensions: dimensions,
    },
  });
  await groundTruth.replaceForTestSet(
    owner,
    testSet.id,
    taskType.groundTruthCases(parsed.value, config),
  );
  const phase = await owner.phase.create({
    data: { benchmarkId: benchmark.id, name: 'Open', opensAt: new Date(0) },
  });
  const member = await createUserWithTeam(web);
  cleanups.push(async () => {
    await owner.benchmark.delete({ where: { id: benchmark.id } });
    await owner.user.delete({ where: { id: member.userId } });
  });

  const cases = await owner.case.findMany({
    where: { testSetId: testSet.id },
    orderBy: { caseId: 'asc' },
    select: { caseId: true, metadata: true, atom: true },
  });
  const truth = await groundTruth.loadForTestSet(owner, testSet.id);
  const tree = (await boards.listCategoryTree(web, testSet.id))!;
  const caseIds = cases.map((c) => c.caseId);
  return {
    slug,
    testSetId: testSet.id,
    dimensions,
    caseIds,
    metadata: cases.map((c) => c.metadata as Record<string, string>),
    answers: caseIds.map((id) => (truth.get(id) as { answer: string }).answer),
    atoms: cases.map((c) => c.atom!),
    tree,
    async submit(method, answerOf) {
      const body = caseIds.map((id, i) => JSON.stringify({ id, answer: answerOf(i) })).join('\n');
      const blob = await blobs.put(Readable.from([Buffer.from(body + '\n')]), {
        keyPrefix: 'submissions',
        extension: 'jsonl',
        maxBytes: 1 << 22,
      });
      const { id } = await submissions.createWithOutbox(web, {
        teamId: member.teamId,
        trackId: track.id,
        phaseId: phase.id,
        submittedById: member.userId,
        methodName: method,
        blobKey: blob.key,
        fileName: 'answers.jsonl',
        fileBytes: blob.bytes,
        sha256: blob.sha256,
      });
      const outcome = await handleScoreSubmission(
        {
          db: workerDb,
          blobs,
          logger,
          bootstrapReplicates: 100,
          jobMemoryBudgetBytes: 512 * 1024 * 1024,
        },
        { submissionId: id },
      );
      expect(outcome).toMatchObject({ outcome: 'scored' });
      return id;
    },
  };
}

// ───────────────────────── the attacker's tools ─────────────────────────

type Filters = Record<string, string[]>;

/**
 * The cases a filter selects, worked out by the attacker from public metadata and the published
 * groups alone (not with the server's code): a value is a group label (its members) or a category;
 * OR within a dimension, AND across.
 */
function caseSetOf(board: Board, filters: Filters): number[] {
  const accepted = Object.entries(filters).map(([dimension, values]) => {
    const groups = board.tree.dimensions.find((d) => d.dimension === dimension)!.groups;
    return {
      dimension,
      categories: new Set(
        values.flatMap((v) => {
          const group = groups.find((g) => g.label === v);
          return group ? group.members.map((m) => m.category) : [v];
        }),
      ),
    };
  });
  return board.metadata.flatMap((m, i) =>
    accepted.every(({ dimension, categories }) => categories.has(m[dimension] ?? '(not specified)'))
      ? [i]
      : [],
  );
}

interface Attack {
  tried: number;
  answered: { filters: Filters; cases: number[]; result: SubsetScoresResult }[];
  refusals: string[];
}

async function runQueries(board: Board, queries: Filters[]): Promise<Attack> {
  const attack: Attack = { tried: 0, answered: [], refusals: [] };
  const seen = new Set<string>();
  for (const filters of queries) {
    const key = JSON.stringify(filters);
    if (seen.has(key)) continue;
    seen.add(key);
    attack.tried++;
    try {
      const result = await askBoardQuery(
        queues,
        subsetScores,
        { slug: board.slug, trackSlug: 'main', testSetSlug: 'test', filters },
        { timeoutMs: 20_000 },
      );
      attack.answered.push({ filters, cases: caseSetOf(board, filters), result });
    } catch (error) {
      if (!isAppError(error) || error.code !== 'BAD_REQUEST') throw error;
      attack.refusals.push(error.message);
    }
  }
  return attack;
}

/**
 * Cases no combination of answers can tell apart: two cases lie in exactly the same answered
 * sets. Every answer about an entry is (a mean of) its correctness summed over one set, so any
 * linear combination of answers gives both cases of a class the same weight, and a vector with
 * a single case (or any set that is not a union of classes) is not in the span of the answers.
 */
function indistinguishableClasses(caseCount: number, answeredSets: number[][]): number[][] {
  const signature = Array.from({ length: caseCount }, () => [] as number[]);
  answeredSets.forEach((set, s) => set.forEach((i) => signature[i]!.push(s)));
  const classes = new Map<string, number[]>();
  signature.forEach((sig, i) => {
    const key = sig.join(',');
    classes.set(key, [...(classes.get(key) ?? []), i]);
  });
  return [...classes.values()];
}

/** The checks every attack ends with: nothing finer than an atom, nothing smaller than k. */
function expectNothingFinerThanAtoms(board: Board, answeredSets: number[][]) {
  const atomSizes = new Map<number, number>();
  for (const a of board.atoms) atomSizes.set(a, (atomSizes.get(a) ?? 0) + 1);
  for (const set of answeredSets) {
    // Every answered set is a union of whole atoms.
    const chosen = new Map<number, number>();
    for (const i of set) chosen.set(board.atoms[i]!, (chosen.get(board.atoms[i]!) ?? 0) + 1);
    for (const [atom, count] of chosen) expect(count).toBe(atomSizes.get(atom));
  }
  const classes = indistinguishableClasses(board.caseIds.length, answeredSets);
  for (const cls of classes) {
    expect(cls.length).toBeGreaterThanOrEqual(K);
    // A class is a union of whole atoms: the answers are constant on atoms.
    const inClass = new Map<number, number>();
    for (const i of cls) inClass.set(board.atoms[i]!, (inClass.get(board.atoms[i]!) ?? 0) + 1);
    for (const [atom, count] of inClass) expect(count).toBe(atomSizes.get(atom));
  }
  return classes;
}

/** What the pre-atom rule answered: a subset of at least k whose complement is 0 or at least k. */
const oldRuleAnswers = (caseCount: number, size: number) =>
  size >= K && (caseCount - size === 0 || caseCount - size >= K);

/** Every way to choose nothing, one group, or all groups but one, per dimension. */
function treeQueries(board: Board): Filters[] {
  const choices = board.tree.dimensions.map((d) => {
    const labels = d.groups.map((g) => g.label);
    const options: string[][] = [[]];
    for (const l of labels) options.push([l]);
    if (labels.length > 2) for (const l of labels) options.push(labels.filter((x) => x !== l));
    if (labels.length === 2) options.push(labels);
    return options.map((values) => ({ dimension: d.dimension, values }));
  });
  const out: Filters[] = [];
  const walk = (d: number, acc: Filters) => {
    if (d === choices.length) {
      if (Object.keys(acc).length > 0) out.push(acc);
      return;
    }
    for (const { dimension, values } of choices[d]!)
      walk(d + 1, values.length ? { ...acc, [dimension]: values } : acc);
  };
  walk(0, {});
  return out;
}

const categoriesOf = (board: Board, dimension: string) =>
  board.tree.dimensions
    .find((d) => d.dimension === dimension)!
    .groups.flatMap((g) => g.members.map((m) => m.category));

const correctness = (board: Board, answerOf: (i: number) => string) =>
  board.caseIds.map((_, i) => (answerOf(i) === board.answers[i] ? 1 : 0));

/** The answered means agree with the hidden correctness: the linear system is the real one. */
function expectAnswersMatchTruth(attack: Attack, entries: { id: string; correct: number[] }[]) {
  for (const { cases, result } of attack.answered)
    for (const { id, correct } of entries) {
      const value = result.entries.find((e) => e.submissionId === id)!.scores.vqa_accuracy!.value;
      if (cases.length === 0) {
        expect(value).toBeNull();
        continue;
      }
      const sum = cases.reduce((s, i) => s + correct[i]!, 0);
      // Answers are rounded to 3 decimals: the sum is known to within n · 0.0005.
      expect(Math.abs(value! * cases.length - sum)).toBeLessThanOrEqual(
        cases.length * 0.0005 + 1e-9,
      );
    }
}

// ───────────────────────── (a) VQA-RAD closed: subset differencing ─────────────────────────

describe('attack (a): subset differencing with crafted submissions on VQA-RAD closed', () => {
  it('determines nothing finer than an atom, where the old rule gave single cases away', async () => {
    const board = await catalogBoard('vqa-rad/ground-truth.closed.test.jsonl', [
      'organ',
      'question_type',
    ]);
    const cellOf = (i: number) =>
      `${board.metadata[i]!.organ}\u0000${board.metadata[i]!.question_type}`;
    const cells = new Map<string, number[]>();
    board.caseIds.forEach((_, i) => cells.set(cellOf(i), [...(cells.get(cellOf(i)) ?? []), i]));
    // All "A", then three entries answering "B" in the 1st, 2nd and 3rd case of every cell.
    const crafted = [0, 1, 2].map((j) => new Set([...cells.values()].flatMap((c) => c[j] ?? [])));
    const answerOfs = [() => 'A', ...crafted.map((set) => (i: number) => (set.has(i) ? 'B' : 'A'))];
    const ids: string[] = [];
    for (const [e, answerOf] of answerOfs.entries())
      ids.push(await board.submit(`crafted-${e}`, answerOf));

    const organs = categoriesOf(board, 'organ');
    const types = categoriesOf(board, 'question_type');
    const queries: Filters[] = [
      ...treeQueries(board),
      ...organs.map((o) => ({ organ: [o] })),
      ...types.map((t) => ({ question_type: [t] })),
      ...organs.flatMap((o) =>
        types.flatMap((t) => [
          { organ: [o], question_type: [t] },
          // The issue's differencing: organ = o ∧ every question type but t.
          { organ: [o], question_type: types.filter((x) => x !== t) },
        ]),
      ),
    ];
    const attack = await runQueries(board, queries);
    // Refusals state the minimum and nothing else countable (quoted names aside): never a size.
    for (const message of attack.refusals)
      expect(message.replace(/"[^"]*"/g, '""').match(/\d+/g) ?? []).toEqual([String(K)]);
    expectAnswersMatchTruth(
      attack,
      answerOfs.map((answerOf, e) => ({ id: ids[e]!, correct: correctness(board, answerOf) })),
    );

    // Published breakdown cells and the overall score are answers too.
    const table = (await boards.getBreakdownTable(web, {
      testSetId: board.testSetId,
      version: 1,
      metric: 'vqa_accuracy',
    }))!;
    const breakdownSets = table.dimensions.flatMap((d) =>
      d.categories.map((c) => caseSetOf(board, { [d.dimension]: [c.category] })),
    );
    expect(breakdownSets.length).toBe(5); // 3 organ groups + 2 question-type groups
    const all = board.caseIds.map((_, i) => i);
    const answeredSets = [all, ...breakdownSets, ...attack.answered.map((a) => a.cases)];
    const classes = expectNothingFinerThanAtoms(board, answeredSets);
    expect(classes).toHaveLength(6); // exactly the 6 atoms: the tree's products reach each one

    // The issue's recipe per cell needs {organ = o} and {organ = o ∧ type ≠ t}: never both for a
    // cell smaller than k.
    let cellsRecovered = 0;
    for (const o of organs)
      for (const t of types) {
        const size = cells.get(`${o}\u0000${t}`)?.length ?? 0;
        const answered = (f: Filters) =>
          attack.answered.some((a) => JSON.stringify(a.filters) === JSON.stringify(f));
        if (
          size > 0 &&
          size < K &&
          answered({ organ: [o] }) &&
          answered({ organ: [o], question_type: types.filter((x) => x !== t) })
        )
          cellsRecovered++;
      }
    expect(cellsRecovered).toBe(0);

    // The same queries under the old per-query size rule: single cases are isolated.
    const oldAnswered = [
      all,
      ...queries
        .map((f) => caseSetOf(board, f))
        .filter((set) => oldRuleAnswers(all.length, set.length)),
    ];
    const oldClasses = indistinguishableClasses(all.length, oldAnswered);
    const isolatedBefore = oldClasses.filter((c) => c.length === 1).length;
    const belowKBefore = oldClasses.filter((c) => c.length < K).flat().length;
    expect(isolatedBefore).toBeGreaterThan(0);

    // What crafted submissions still tell through whole atoms (the probing defences' concern):
    // per crafted entry and atom, n · (mean − mean of the all-"A" entry) is the sum of
    // (B-correct − A-correct) over the entry's changed cases in that atom. A lone changed case in
    // an atom, or a sum at its extreme, gives labels away.
    const atomQueries = attack.answered.filter((a) => {
      const atoms = new Set(a.cases.map((i) => board.atoms[i]));
      return atoms.size === 1 && a.cases.length > 0;
    });
    let labelsRecovered = 0;
    let labelsRight = 0;
    const seenAtom = new Set<string>();
    for (const q of atomQueries) {
      const atom = board.atoms[q.cases[0]!]!;
      const base = q.result.entries.find((e) => e.submissionId === ids[0])!.scores.vqa_accuracy!;
      for (const [c, set] of crafted.entries()) {
        const key = `${c}:${atom}`;
        if (seenAtom.has(key)) continue;
        seenAtom.add(key);
        const changed = q.cases.filter((i) => set.has(i));
        if (changed.length === 0) continue;
        const value = q.result.entries.find((e) => e.submissionId === ids[c + 1])!.scores
          .vqa_accuracy!;
        const d = Math.round(q.cases.length * (value.value! - base.value!));
        if (Math.abs(d) !== changed.length) continue;
        labelsRecovered += changed.length;
        labelsRight += changed.filter((i) => board.answers[i] === (d > 0 ? 'B' : 'A')).length;
      }
    }
    // Information bound of that channel: per crafted submission and atom, one count in 0…m_a
    // (m_a = its changed cases there), so at most Σ log2(m_a + 1) bits per submission.
    const bitsBound = crafted.map((set) => {
      const changedPerAtom = new Map<number, number>();
      for (const i of set)
        changedPerAtom.set(board.atoms[i]!, (changedPerAtom.get(board.atoms[i]!) ?? 0) + 1);
      return [...changedPerAtom.values()].reduce((bits, m) => bits + Math.log2(m + 1), 0);
    });
    const summary = {
      attack: 'a',
      testSet: 'VQA-RAD closed',
      cases: all.length,
      atoms: new Set(board.atoms).size,
      queriesTried: attack.tried,
      answered: attack.answered.length,
      refused: attack.refusals.length,
      smallestIndistinguishableClass: Math.min(...classes.map((c) => c.length)),
      oldRuleCasesIsolated: isolatedBefore,
      oldRuleCasesInClassesBelowK: belowKBefore,
      craftedChannelLabelsRecovered: `${labelsRight}/${labelsRecovered} over ${crafted.length} crafted submissions`,
      craftedChannelBitsPerSubmissionAtMost: bitsBound.map((b) => Number(b.toFixed(1))),
    };
    console.info(JSON.stringify(summary));
    // The crafted channel is bounded by one number per atom per crafted submission.
    expect(labelsRight).toBe(labelsRecovered);
  }, 240_000);
});

// ─────────── (b) and (c) MedXpertQA MM: inclusion–exclusion, and the breakdown complement ───────────

describe('attacks (b) and (c) on MedXpertQA MM', () => {
  let board: Board;
  let all: number[];
  let allA: string;
  beforeAll(async () => {
    board = await catalogBoard('medxpertqa-mm/ground-truth.mm.test.jsonl', [
      'medical_task',
      'body_system',
      'question_type',
    ]);
    all = board.caseIds.map((_, i) => i);
    allA = await board.submit('all A', () => 'A');
  }, 240_000);

  it('(b) inclusion–exclusion over three dimensions determines nothing finer than an atom', async () => {
    const tasks = categoriesOf(board, 'medical_task');
    const systems = categoriesOf(board, 'body_system');
    const types = categoriesOf(board, 'question_type');
    const but = (list: string[], x: string) => list.filter((y) => y !== x);
    // {T=t} − {T=t,S≠s} − {T=t,Q≠q} + {T=t,S≠s,Q≠q} = the cell (t, s, q), often 1–3 cases.
    const inclusionExclusion: Filters[] = tasks.flatMap((t) =>
      systems.flatMap((s) =>
        types.flatMap((q): Filters[] => [
          { medical_task: [t] },
          { medical_task: [t], body_system: but(systems, s) },
          { medical_task: [t], question_type: but(types, q) },
          { medical_task: [t], body_system: but(systems, s), question_type: but(types, q) },
        ]),
      ),
    );
    const queries = [...inclusionExclusion, ...treeQueries(board)];
    const attack = await runQueries(board, queries);
    for (const message of attack.refusals)
      expect(message.replace(/"[^"]*"/g, '""').match(/\d+/g) ?? []).toEqual([String(K)]);
    expectAnswersMatchTruth(attack, [{ id: allA, correct: correctness(board, () => 'A') }]);

    // The attacker's cells: each needs all four of its terms answered.
    const answered = new Set(attack.answered.map((a) => JSON.stringify(a.filters)));
    let cellsComputed = 0;
    for (const t of tasks)
      for (const s of systems)
        for (const q of types) {
          const terms: Filters[] = [
            { medical_task: [t] },
            { medical_task: [t], body_system: but(systems, s) },
            { medical_task: [t], question_type: but(types, q) },
            { medical_task: [t], body_system: but(systems, s), question_type: but(types, q) },
          ];
          const size = caseSetOf(board, {
            medical_task: [t],
            body_system: [s],
            question_type: [q],
          }).length;
          if (size > 0 && size < K && terms.every((f) => answered.has(JSON.stringify(f))))
            cellsComputed++;
        }
    expect(cellsComputed).toBe(0);

    const table = (await boards.getBreakdownTable(web, {
      testSetId: board.testSetId,
      version: 1,
      metric: 'vqa_accuracy',
    }))!;
    const breakdownSets = table.dimensions.flatMap((d) =>
      d.categories.map((c) => caseSetOf(board, { [d.dimension]: [c.category] })),
    );
    const classes = expectNothingFinerThanAtoms(board, [
      all,
      ...breakdownSets,
      ...attack.answered.map((a) => a.cases),
    ]);

    const oldClasses = indistinguishableClasses(all.length, [
      all,
      ...queries
        .map((f) => caseSetOf(board, f))
        .filter((set) => oldRuleAnswers(all.length, set.length)),
    ]);
    const isolatedBefore = oldClasses.filter((c) => c.length === 1).length;
    expect(isolatedBefore).toBeGreaterThan(0);
    console.info(
      JSON.stringify({
        attack: 'b',
        testSet: 'MedXpertQA MM',
        cases: all.length,
        atoms: new Set(board.atoms).size,
        queriesTried: attack.tried,
        answered: attack.answered.length,
        refused: attack.refusals.length,
        smallestIndistinguishableClass: Math.min(...classes.map((c) => c.length)),
        oldRuleCasesIsolated: isolatedBefore,
        oldRuleCasesInClassesBelowK: oldClasses.filter((c) => c.length < K).flat().length,
      }),
    );
  }, 240_000);

  it('(c) overall × n minus the breakdown cells leaves no small group: "Other / NA" is in a group', async () => {
    const scores = await web.score.findFirstOrThrow({
      where: { metric: 'vqa_accuracy', evaluation: { submissionId: allA } },
    });
    const table = (await boards.getBreakdownTable(web, {
      testSetId: board.testSetId,
      version: 1,
      metric: 'vqa_accuracy',
    }))!;
    const bodySystem = table.dimensions.find((d) => d.dimension === 'body_system')!;
    const row = bodySystem.rows.find((r) => r.id === allA)!;
    // What the attacker computes: correct answers overall minus those of every published cell.
    const covered = new Set(
      bodySystem.categories.flatMap((c) => caseSetOf(board, { body_system: [c.category] })),
    );
    const rest = all.filter((i) => !covered.has(i));
    const restCorrect =
      Math.round(scores.value! * all.length) -
      bodySystem.categories.reduce(
        (sum, c) => sum + Math.round(row.cells[c.category]!.value! * c.n!),
        0,
      );
    expect(rest).toHaveLength(0);
    // No case is left over, so the difference is only the stated precision's rounding: each
    // number is within half a unit of its last decimal, i.e. ±0.0005 × its case count.
    const roundingSlack = Math.ceil(
      0.0005 * (all.length + bodySystem.categories.reduce((s, c) => s + c.n!, 0)),
    );
    expect(Math.abs(restCorrect)).toBeLessThanOrEqual(roundingSlack);
    expect(bodySystem.categories.some((c) => c.members.includes('Other / NA'))).toBe(true);
    expect(bodySystem.categories.every((c) => c.n! >= K)).toBe(true);

    // Under the old rule (a cell per category of at least k), the complement was the 18 cases of
    // "Other / NA".
    const oldCells = categoriesOf(board, 'body_system').filter(
      (c) => caseSetOf(board, { body_system: [c] }).length >= K,
    );
    const oldCovered = new Set(oldCells.flatMap((c) => caseSetOf(board, { body_system: [c] })));
    const oldRest = all.filter((i) => !oldCovered.has(i));
    expect(oldRest.length).toBeGreaterThan(0);
    expect(oldRest.length).toBeLessThan(K);
    console.info(
      JSON.stringify({
        attack: 'c',
        testSet: 'MedXpertQA MM',
        publishedCells: bodySystem.categories.length,
        casesLeftOver: rest.length,
        oldRuleCasesLeftOver: oldRest.length,
      }),
    );
  });
});
