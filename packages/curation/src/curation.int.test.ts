// Curation against the real database, through the web's role (no access to `hidden`): what the
// browser and the CLI do. Ground-truth validation/apply (worker role) is tested in apps/worker.
import { randomUUID } from 'node:crypto';
import { AppError } from '@medrank/core';
import { createDatabase, moderation, reported, submissions } from '@medrank/db';
import { createUserWithTeam, testDatabaseUrls } from '@medrank/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from './access/actor.js';
import { assertCanCurate } from './access/actor.js';
import {
  grantCurator,
  listCuratedBenchmarks,
  revokeCurator,
  setSiteCuratorRole,
} from './access/curators.js';
import {
  createBenchmark,
  exportBenchmarkDefinition,
  listAuditLog,
  publishBenchmark,
  updateBenchmark,
} from './benchmarks/manage-benchmark.js';
import type { BenchmarkDefinitionInput } from './definition/benchmark-definition.js';
import { benchmarkDefinitionToYaml, parseBenchmarkYaml } from './definition/benchmark-yaml.js';
import {
  confirmGroundTruthUpload,
  startGroundTruthUpload,
} from './ground-truth/ground-truth-uploads.js';
import { moderateEntry } from './moderation/moderate-entry.js';
import { importReportedResults } from './reported/import-reported-results.js';
import { requestRescore } from './rescore/request-rescore.js';

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const web = createDatabase(urls.DATABASE_URL, { maxConnections: 4 });

const createdSlugs: string[] = [];
const createdUsers: string[] = [];
let admin: Actor;
let curatorA: Actor & { email: string };
let curatorB: Actor & { email: string };
let outsider: Actor;
let participant: Awaited<ReturnType<typeof createUserWithTeam>>;

async function user(role: string) {
  const u = await createUserWithTeam(web, `cur-${randomUUID().slice(0, 8)}@example.org`);
  createdUsers.push(u.userId);
  if (role !== 'user') await owner.user.update({ where: { id: u.userId }, data: { role } });
  return { userId: u.userId, role, email: u.email, teamId: u.teamId };
}

const uniqueSlug = (label: string) => {
  const slug = `${label}-${randomUUID().slice(0, 8)}`;
  createdSlugs.push(slug);
  return slug;
};

const definition = (slug: string): BenchmarkDefinitionInput => ({
  slug,
  title: 'Chest findings',
  summary: 'Report generation and triage on chest radiographs.',
  description: 'Markdown **description**.',
  license: 'CC BY 4.0',
  tracks: [
    {
      slug: 'findings',
      name: 'Findings',
      taskType: 'report-generation',
      taskConfig: { sections: ['findings'] },
      metrics: ['bleu4_corpus', 'rougeL_f'],
      primaryMetric: 'green',
      reportedMetrics: [{ key: 'green', label: 'GREEN', higherIsBetter: true, decimals: 3 }],
      testSets: [
        { slug: 'mimic', name: 'MIMIC-CXR' },
        { slug: 'iu-xray', name: 'IU X-ray' },
      ],
    },
    {
      slug: 'findings-impression',
      name: 'Findings + impression',
      taskType: 'report-generation',
      taskConfig: { sections: ['findings', 'impression'] },
      metrics: ['bleu4_corpus', 'rougeL_f'],
      primaryMetric: 'bleu4_corpus',
      testSets: [{ slug: 'mimic', name: 'MIMIC-CXR' }],
    },
  ],
  phases: [{ name: 'Open', opensAt: '2026-01-01', dailyQuota: 3 }],
});

beforeAll(async () => {
  admin = await user('admin');
  curatorA = await user('curator');
  curatorB = await user('curator');
  outsider = await user('user');
  participant = await createUserWithTeam(web);
  createdUsers.push(participant.userId);
});

afterAll(async () => {
  await owner.benchmark.deleteMany({ where: { slug: { in: createdSlugs } } });
  await owner.auditLog.deleteMany({ where: { actorId: { in: createdUsers } } });
  await owner.user.deleteMany({ where: { id: { in: createdUsers } } });
  await Promise.all([owner.$disconnect(), web.$disconnect()]);
});

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
};

describe('creating and exporting benchmarks', () => {
  it('creates a draft whose creator is its curator, with random bootstrap seeds and an audit row', async () => {
    const slug = uniqueSlug('create');
    const { id } = await createBenchmark(web, curatorA, definition(slug));
    const stored = await owner.benchmark.findUniqueOrThrow({
      where: { id },
      include: { tracks: { include: { testSets: true } }, curators: true, phases: true },
    });
    expect(stored.status).toBe('DRAFT');
    expect(stored.createdById).toBe(curatorA.userId);
    expect(stored.curators.map((c) => c.userId)).toEqual([curatorA.userId]);
    expect(stored.tracks).toHaveLength(2);
    const seeds = stored.tracks.flatMap((t) => t.testSets.map((s) => s.bootstrapSeed));
    expect(new Set(seeds).size).toBe(3);
    expect(stored.phases[0]!.dailyQuota).toBe(3);
    const audit = await listAuditLog(web, curatorA, slug);
    expect(audit[0]).toMatchObject({ action: 'benchmark.create', actor: { id: curatorA.userId } });
  });

  it('refuses plain users, a taken slug, and an invalid definition without saving anything', async () => {
    const slug = uniqueSlug('refuse');
    expect(await codeOf(createBenchmark(web, outsider, definition(slug)))).toBe('FORBIDDEN');
    await createBenchmark(web, curatorA, definition(slug));
    expect(await codeOf(createBenchmark(web, curatorB, definition(slug)))).toBe('CONFLICT');
    const bad = definition(uniqueSlug('bad'));
    bad.tracks[0]!.metrics = ['bleu4_corpus', 'dice'];
    await expect(createBenchmark(web, curatorA, bad)).rejects.toThrowError(
      /tracks\[0\]\.metrics\[1\]: metric "dice" is not computed by task type "report-generation"/,
    );
    expect(await owner.benchmark.count({ where: { slug: bad.slug } })).toBe(0);
  });

  it('exports a definition that re-imports identically (YAML byte-identical)', async () => {
    const slug = uniqueSlug('roundtrip');
    await createBenchmark(web, curatorA, definition(slug));
    const exported = await exportBenchmarkDefinition(web, slug);
    const yaml = benchmarkDefinitionToYaml(exported);
    const parsed = parseBenchmarkYaml(yaml.replaceAll(slug, `${slug}-copy`));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    createdSlugs.push(`${slug}-copy`);
    await createBenchmark(web, curatorA, parsed.definition);
    const again = await exportBenchmarkDefinition(web, `${slug}-copy`);
    expect(again).toEqual({ ...exported, slug: `${slug}-copy` });
    expect(benchmarkDefinitionToYaml(again)).toBe(yaml.replaceAll(slug, `${slug}-copy`));
  });
});

describe('permissions', () => {
  it('hides a draft from non-curators (NOT_FOUND) and refuses them a published one (FORBIDDEN)', async () => {
    const slug = uniqueSlug('perm');
    await createBenchmark(web, curatorA, definition(slug));
    expect(await codeOf(assertCanCurate(web, curatorB, slug))).toBe('NOT_FOUND');
    expect(await codeOf(assertCanCurate(web, admin, slug))).toBe('OK');
    await owner.benchmark.update({ where: { slug }, data: { status: 'PUBLISHED' } });
    expect(await codeOf(assertCanCurate(web, curatorB, slug))).toBe('FORBIDDEN');
  });

  it('a curator of one benchmark can touch nothing of another', async () => {
    const slug = uniqueSlug('foreign');
    await createBenchmark(web, curatorA, definition(slug));
    await owner.benchmark.update({ where: { slug }, data: { status: 'PUBLISHED' } });
    const target = { slug, trackSlug: 'findings', testSetSlug: 'mimic' };
    const file = {
      blobKey: 'x/y.jsonl',
      fileName: 'truth.jsonl',
      fileBytes: 10,
      sha256: 'a'.repeat(64),
    };
    const attempts: [string, () => Promise<unknown>][] = [
      ['updateBenchmark', () => updateBenchmark(web, curatorB, slug, definition(slug))],
      ['publishBenchmark', () => publishBenchmark(web, curatorB, slug)],
      ['startGroundTruthUpload', () => startGroundTruthUpload(web, curatorB, { ...target, file })],
      ['requestRescore', () => requestRescore(web, curatorB, target)],
      [
        'importReportedResults',
        () => importReportedResults(web, curatorB, { slug, csv: 'model\n', fileName: 'r.csv' }),
      ],
      [
        'moderateEntry',
        () => moderateEntry(web, curatorB, { slug, kind: 'reported', id: 'x', action: 'restore' }),
      ],
      ['listAuditLog', () => listAuditLog(web, curatorB, slug)],
      ['grantCurator', () => grantCurator(web, curatorB, { slug, email: curatorB.email })],
      ['revokeCurator', () => revokeCurator(web, curatorB, { slug, email: curatorA.email })],
    ];
    for (const [name, attempt] of attempts)
      expect([name, await codeOf(attempt())]).toEqual([name, 'FORBIDDEN']);
    expect(await owner.auditLog.count({ where: { actorId: curatorB.userId } })).toBe(0);
    expect(
      await owner.groundTruthUpload.count({
        where: { testSet: { track: { benchmark: { slug } } } },
      }),
    ).toBe(0);
  });

  it('admins grant and revoke curators, audited; the new curator sees the benchmark', async () => {
    const slug = uniqueSlug('grant');
    await createBenchmark(web, curatorA, definition(slug));
    await grantCurator(web, admin, { slug, email: curatorB.email });
    await grantCurator(web, admin, { slug, email: curatorB.email }); // idempotent
    expect((await listCuratedBenchmarks(web, curatorB)).map((b) => b.slug)).toContain(slug);
    expect(await codeOf(assertCanCurate(web, curatorB, slug))).toBe('OK');
    await revokeCurator(web, admin, { slug, email: curatorB.email });
    expect(await codeOf(assertCanCurate(web, curatorB, slug))).toBe('NOT_FOUND');
    const actions = (await listAuditLog(web, admin, slug)).map((e) => e.action);
    expect(actions.filter((a) => a === 'curator.grant')).toHaveLength(1);
    expect(actions).toContain('curator.revoke');
    expect(await codeOf(grantCurator(web, admin, { slug, email: 'nobody@example.org' }))).toBe(
      'NOT_FOUND',
    );
  });

  it('the site curator role is given by admins and allows creating benchmarks', async () => {
    const newcomer = await user('user');
    expect(
      await codeOf(setSiteCuratorRole(web, curatorA, { email: newcomer.email, enabled: true })),
    ).toBe('FORBIDDEN');
    await setSiteCuratorRole(web, admin, { email: newcomer.email, enabled: true });
    const slug = uniqueSlug('newcomer');
    await createBenchmark(web, { userId: newcomer.userId, role: 'curator' }, definition(slug));
    expect(
      await codeOf(assertCanCurate(web, { userId: newcomer.userId, role: 'curator' }, slug)),
    ).toBe('OK');
  });
});

async function scoredSubmission(trackSlug: string, slug: string) {
  const track = await owner.track.findFirstOrThrow({
    where: { slug: trackSlug, benchmark: { slug } },
  });
  const { id } = await submissions.createWithOutbox(web, {
    teamId: participant.teamId,
    trackId: track.id,
    phaseId: null,
    submittedById: participant.userId,
    methodName: `Method ${randomUUID().slice(0, 4)}`,
    blobKey: 'submissions/none.jsonl',
    fileName: 'predictions.jsonl',
    fileBytes: 1,
    sha256: 'b'.repeat(64),
  });
  await owner.submission.update({ where: { id }, data: { status: 'SCORED' } });
  return id;
}

describe('updating definitions', () => {
  it('bumps the evaluator version of a track’s test sets when its metrics change, in one audited update', async () => {
    const slug = uniqueSlug('bump');
    await createBenchmark(web, curatorA, definition(slug));
    await scoredSubmission('findings', slug);
    const next = definition(slug);
    next.title = 'Chest findings (v2)';
    next.tracks[0]!.metrics = ['bleu4_corpus', 'rougeL_f', 'meteor'];
    next.tracks[0]!.testSets.push({ slug: 'chexpert', name: 'CheXpert Plus' });
    next.phases!.push({ name: 'Final', opensAt: '2026-07-01', closesAt: '2026-08-01' });
    const result = await updateBenchmark(web, curatorA, slug, next);
    // The track has a scored submission: its entries wait for a rescore at v2.
    expect(result.bumped).toEqual([
      { track: 'findings', testSet: 'mimic', version: 2, needsRescore: true },
      { track: 'findings', testSet: 'iu-xray', version: 2, needsRescore: true },
    ]);
    const versions = await owner.testSet.findMany({
      where: { track: { benchmark: { slug } } },
      select: { slug: true, evaluatorVersion: true, track: { select: { slug: true } } },
    });
    expect(versions.find((v) => v.track.slug === 'findings-impression')!.evaluatorVersion).toBe(1);
    expect(versions.find((v) => v.slug === 'chexpert')!.evaluatorVersion).toBe(1);
    const audit = (await listAuditLog(web, curatorA, slug))[0]!;
    expect(audit.action).toBe('benchmark.update');
    expect(audit.details.changes).toEqual(
      expect.arrayContaining([
        'benchmark: title changed',
        'track findings: metrics, display changed',
        'test set findings/chexpert: added',
        'phase Final: added',
      ]),
    );
    // A reorder of the same metrics is display only: no bump.
    const reordered = structuredClone(next);
    reordered.tracks[0]!.metrics = ['meteor', 'bleu4_corpus', 'rougeL_f'];
    expect((await updateBenchmark(web, curatorA, slug, reordered)).bumped).toEqual([]);
  });

  it('a bump on a track without scored submissions records an empty finished rescore run', async () => {
    const slug = uniqueSlug('bump-empty');
    await createBenchmark(web, curatorA, definition(slug));
    const next = definition(slug);
    next.tracks[1]!.primaryMetric = 'rougeL_f';
    expect((await updateBenchmark(web, curatorA, slug, next)).bumped).toEqual([
      { track: 'findings-impression', testSet: 'mimic', version: 2, needsRescore: false },
    ]);
    const runs = await owner.rescoreRun.findMany({
      where: { testSet: { track: { benchmark: { slug } } } },
    });
    expect(runs).toMatchObject([{ evaluatorVersion: 2, total: 0, status: 'DONE' }]);
  });

  it('stores the phase defences and bumps every test set once when a phase’s score decimals change', async () => {
    const slug = uniqueSlug('precision');
    const first = definition(slug);
    first.phases = [
      {
        name: 'Open',
        opensAt: '2026-01-01',
        dailyQuota: 3,
        ladderMargin: 0.02,
        requiresApproval: true,
        nearDuplicate: { minCases: 5, minFraction: 0 },
      },
    ];
    await createBenchmark(web, curatorA, first);
    expect(await owner.phase.findFirstOrThrow({ where: { benchmark: { slug } } })).toMatchObject({
      scoreDecimals: 3,
      ladderMargin: 0.02,
      requiresApproval: true,
      nearDuplicateMinCases: 5,
      nearDuplicateMinFraction: 0,
    });
    expect((await exportBenchmarkDefinition(web, slug)).phases[0]).toMatchObject({
      scoreDecimals: 3,
      nearDuplicate: { minCases: 5, minFraction: 0 },
      ladderMargin: 0.02,
      requiresApproval: true,
    });
    await scoredSubmission('findings', slug);

    // A new Ladder margin changes no stored number: no bump.
    const ladderOnly = structuredClone(first);
    ladderOnly.phases![0]!.ladderMargin = 0.03;
    expect((await updateBenchmark(web, curatorA, slug, ladderOnly)).bumped).toEqual([]);

    // New decimals change stored numbers on every track, also one whose metrics change too
    // (bumped once, not twice).
    const precise = structuredClone(ladderOnly);
    precise.phases![0]!.scoreDecimals = 2;
    precise.tracks[0]!.metrics = ['bleu4_corpus', 'rougeL_f', 'meteor'];
    const result = await updateBenchmark(web, curatorA, slug, precise);
    expect(result.bumped).toEqual([
      { track: 'findings', testSet: 'mimic', version: 2, needsRescore: true },
      { track: 'findings', testSet: 'iu-xray', version: 2, needsRescore: true },
      { track: 'findings-impression', testSet: 'mimic', version: 2, needsRescore: false },
    ]);
    const audit = (await listAuditLog(web, curatorA, slug))[0]!;
    expect(audit.details.changes).toContain('phase Open: changed');
    const runs = await owner.rescoreRun.findMany({
      where: { testSet: { track: { benchmark: { slug } } } },
      select: { reason: true, testSet: { select: { track: { select: { slug: true } } } } },
    });
    // The track without scored submissions moves to the new version at once (empty run).
    expect(runs).toEqual([
      {
        reason: 'phase "Open" score decimals 3 → 2 (no scored submissions to rescore)',
        testSet: { track: { slug: 'findings-impression' } },
      },
    ]);
  });

  it('refuses to remove a track that has submissions, and changes nothing', async () => {
    const slug = uniqueSlug('remove');
    await createBenchmark(web, curatorA, definition(slug));
    await scoredSubmission('findings-impression', slug);
    const next = definition(slug);
    next.title = 'Changed title';
    next.tracks.pop();
    await expect(updateBenchmark(web, curatorA, slug, next)).rejects.toThrowError(
      /track "findings-impression" cannot be removed: it has 1 submission/,
    );
    expect((await exportBenchmarkDefinition(web, slug)).title).toBe('Chest findings');
    // Without submissions a track can go.
    const other = uniqueSlug('remove-ok');
    await createBenchmark(web, curatorA, definition(other));
    const smaller = definition(other);
    smaller.tracks.pop();
    await updateBenchmark(web, curatorA, other, smaller);
    expect((await exportBenchmarkDefinition(web, other)).tracks.map((t) => t.slug)).toEqual([
      'findings',
    ]);
  });
});

describe('reported results', () => {
  const header =
    'model,institution,date,test_set,section,metric,value,source_link,dimension,category,open_weights';
  const csv = [
    header,
    'MedVersa,Harvard,2024,mimic,findings,bleu4_corpus,0.209,https://rexrank.ai,,,no',
    'MedVersa,Harvard,2024,mimic,findings,green,0.374,https://rexrank.ai,,,no',
    'MedVersa,Harvard,2024,MIMIC-CXR,Findings + Impression,bleu4_corpus,0.184,https://rexrank.ai,,,',
    'CheXagent,Stanford,2024-01,iu-xray,findings,rougeL_f,0.25,https://rexrank.ai,view,PA,yes',
    '"Random, baseline",,,iu-xray,findings,rougeL_f,0.01,,,,',
  ].join('\n');

  it('imports long-format rows, picking the track by section, and re-imports idempotently', async () => {
    const slug = uniqueSlug('reported');
    const { id } = await createBenchmark(web, curatorA, definition(slug));
    const first = await importReportedResults(web, curatorA, {
      slug,
      csv,
      fileName: 'rexrank.csv',
    });
    expect(first).toEqual({
      ok: true,
      entries: 4,
      scores: 5,
      entriesCreated: 4,
      entriesUpdated: 0,
    });
    const second = await importReportedResults(web, curatorA, {
      slug,
      csv,
      fileName: 'rexrank.csv',
    });
    expect(second).toMatchObject({ ok: true, entries: 4, entriesCreated: 0, entriesUpdated: 4 });
    const rows = await reported.listForBenchmark(web, id);
    expect(rows).toHaveLength(4);
    const medversa = rows.find((r) => r.modelName === 'MedVersa' && r.trackSlug === 'findings')!;
    expect(medversa).toMatchObject({
      institution: 'Harvard',
      reportedDate: '2024',
      openWeights: false,
      modelSlug: 'medversa',
    });
    expect(medversa.scores).toEqual([
      { metric: 'bleu4_corpus', dimension: '', category: '', value: 0.209 },
      { metric: 'green', dimension: '', category: '', value: 0.374 },
    ]);
    expect(rows.find((r) => r.trackSlug === 'findings-impression')!.scores[0]!.value).toBe(0.184);
    expect(rows.find((r) => r.modelName === 'CheXagent')!.scores[0]).toMatchObject({
      dimension: 'view',
      category: 'PA',
    });
    expect(await owner.reportedScore.count({ where: { entry: { benchmarkId: id } } })).toBe(5);
    const audit = await listAuditLog(web, curatorA, slug, { limit: 2 });
    expect(audit.map((a) => a.action)).toEqual(['reported.import', 'reported.import']);
  });

  it('reports every bad line with its number and saves nothing', async () => {
    const slug = uniqueSlug('reported-bad');
    const { id } = await createBenchmark(web, curatorA, definition(slug));
    const bad = [
      header,
      'MedVersa,Harvard,2024,mimic,findings,bleu4_corpus,0.209,https://rexrank.ai,,,',
      'MedVersa,Harvard,2024,mimic,findings,bleu4_corpus,0.3,https://rexrank.ai,,,',
      'X,,2024,unknown-set,findings,bleu4_corpus,0.1,,,,',
      'X,,2024,mimic,impression only,bleu4_corpus,0.1,,,,',
      'X,,2024,mimic,findings,radgraph,0.1,,,,',
      'X,,2024,mimic,findings,bleu4_corpus,NaN,,,,',
      'X,,May 2024,mimic,findings,rougeL_f,0.1,,,,',
      'X,,2024,mimic,findings,rougeL_f,0.1,,view,,',
    ].join('\n');
    const result = await importReportedResults(web, curatorA, {
      slug,
      csv: bad,
      fileName: 'bad.csv',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(result.issues.map((i) => i.message)).toEqual([
      'line 3: MedVersa / mimic / bleu4_corpus is already given on line 2',
      expect.stringMatching(
        /^line 4, test_set: "unknown-set" is not a test set of track findings \(mimic, iu-xray\)/,
      ),
      expect.stringMatching(/^line 5, section: "impression only" does not name one of the tracks/),
      expect.stringMatching(
        /^line 6, metric: "radgraph" is not a metric of track findings; known: bleu4_corpus, rougeL_f, green/,
      ),
      'line 7, value: "NaN" is not a finite decimal number',
      'line 8, date: "May 2024" is not a year or date (YYYY, YYYY-MM or YYYY-MM-DD)',
      expect.stringMatching(/^line 9, category: dimension and category go together/),
    ]);
    expect(await owner.reportedEntry.count({ where: { benchmarkId: id } })).toBe(0);
    const missingHeader = await importReportedResults(web, curatorA, {
      slug,
      csv: 'model,value\nA,1\n',
      fileName: 'x.csv',
    });
    expect(missingHeader).toMatchObject({
      ok: false,
      issues: [
        {
          line: 1,
          message: expect.stringContaining(
            'missing column(s) institution, date, test_set, section, metric, source_link',
          ),
        },
      ],
    });
  });
});

describe('rescoring', () => {
  it('two requests for the same version give one run and one outbox row per submission', async () => {
    const slug = uniqueSlug('rescore');
    await createBenchmark(web, curatorA, definition(slug));
    const a = await scoredSubmission('findings', slug);
    const b = await scoredSubmission('findings', slug);
    const next = definition(slug);
    next.tracks[0]!.metrics = ['bleu4_corpus'];
    await updateBenchmark(web, curatorA, slug, next);
    const target = { slug, trackSlug: 'findings', testSetSlug: 'mimic' };
    const [first, second] = await Promise.all([
      requestRescore(web, curatorA, target),
      requestRescore(web, curatorA, target),
    ]);
    expect(first.id).toBe(second.id);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    expect(first).toMatchObject({ evaluatorVersion: 2, total: 2, done: 0, status: 'RUNNING' });
    const rows = await owner.outbox.findMany({
      where: {
        jobName: 'rescore-evaluation',
        payload: { path: ['rescoreRunId'], equals: first.id },
      },
    });
    expect(rows.map((r) => (r.payload as { submissionId: string }).submissionId).sort()).toEqual(
      [a, b].sort(),
    );
    expect(rows[0]!.jobId).toMatch(/^rescore-.+-v2$/);
    const third = await requestRescore(web, curatorA, target);
    expect(third).toMatchObject({ id: first.id, created: false });
    expect(
      await owner.rescoreRun.count({ where: { testSet: { track: { benchmark: { slug } } } } }),
    ).toBe(1);
  });
});

describe('moderation, publishing and the audit log', () => {
  it('hides, disqualifies (reason required), marks baselines and restores, each audited', async () => {
    const slug = uniqueSlug('moderate');
    const { id: benchmarkId } = await createBenchmark(web, curatorA, definition(slug));
    const submissionId = await scoredSubmission('findings', slug);
    await importReportedResults(web, curatorA, {
      slug,
      csv: 'model,institution,date,test_set,section,metric,value,source_link\nRandom,,,mimic,findings,rougeL_f,0.01,\n',
      fileName: 'r.csv',
    });
    const [entry] = await reported.listForBenchmark(web, benchmarkId);

    await expect(
      moderateEntry(web, curatorA, {
        slug,
        kind: 'verified',
        id: submissionId,
        action: 'disqualify',
      }),
    ).rejects.toThrowError(/a public reason is required to disqualify an entry/);
    const disqualified = await moderateEntry(web, curatorA, {
      slug,
      kind: 'verified',
      id: submissionId,
      action: 'disqualify',
      reason: 'Trained on the test set',
    });
    expect(disqualified).toMatchObject({
      moderation: 'DISQUALIFIED',
      moderationReason: 'Trained on the test set',
    });
    // Who is ranked changed, so the rank statistics of the track's test sets are recomputed.
    const rankStatsRows = await owner.outbox.findMany({
      where: { queue: 'rank-stats', createdAt: { gte: new Date(Date.now() - 60_000) } },
    });
    const queuedFor = new Set(
      rankStatsRows.map((r) => (r.payload as { testSetId: string }).testSetId),
    );
    const ownTrackSets = await owner.testSet.findMany({
      where: { track: { submissions: { some: { id: submissionId } } } },
      select: { id: true },
    });
    expect(ownTrackSets.length).toBeGreaterThan(0);
    for (const { id } of ownTrackSets) expect(queuedFor.has(id)).toBe(true);
    // A hidden entry leaves the boards but stays listed for curators, so it can be restored.
    await moderateEntry(web, curatorA, {
      slug,
      kind: 'verified',
      id: submissionId,
      action: 'hide',
      reason: 'Duplicate of another entry',
    });
    expect(await moderation.listVerifiedEntries(web, benchmarkId)).toEqual([
      expect.objectContaining({
        id: submissionId,
        moderation: 'HIDDEN',
        moderationReason: 'Duplicate of another entry',
      }),
    ]);
    const baseline = await moderateEntry(web, curatorA, {
      slug,
      kind: 'reported',
      id: entry!.id,
      action: 'mark-baseline',
      baselineKind: 'random',
    });
    expect(baseline.baselineKind).toBe('random');
    await moderateEntry(web, curatorA, {
      slug,
      kind: 'reported',
      id: entry!.id,
      action: 'hide',
      reason: 'Duplicate row',
    });
    const restored = await moderateEntry(web, curatorA, {
      slug,
      kind: 'reported',
      id: entry!.id,
      action: 'restore',
    });
    expect(restored).toMatchObject({
      moderation: 'VISIBLE',
      moderationReason: null,
      baselineKind: 'random',
    });
    // An entry of another benchmark is not found through this one.
    const other = uniqueSlug('moderate-other');
    await createBenchmark(web, curatorA, definition(other));
    expect(
      await codeOf(
        moderateEntry(web, curatorA, {
          slug: other,
          kind: 'verified',
          id: submissionId,
          action: 'restore',
        }),
      ),
    ).toBe('NOT_FOUND');

    const audit = await listAuditLog(web, curatorA, slug);
    expect(audit.slice(0, 5).map((a) => a.action)).toEqual([
      'entry.restore',
      'entry.hide',
      'entry.mark-baseline',
      'entry.hide',
      'entry.disqualify',
    ]);
    expect(audit[1]).toMatchObject({
      target: 'reported entry Random',
      details: { reason: 'Duplicate row' },
      actor: { email: curatorA.email },
    });
    const page2 = await listAuditLog(web, curatorA, slug, { limit: 2, cursor: audit[1]!.id });
    expect(page2.map((a) => a.id)).toEqual([audit[2]!.id, audit[3]!.id]);
  });

  it('publishing lists what is missing, then publishes once everything has results or truth', async () => {
    const slug = uniqueSlug('publish');
    await createBenchmark(web, curatorA, definition(slug));
    await expect(publishBenchmark(web, curatorA, slug)).rejects.toThrowError(
      /track findings \/ test set mimic has neither ground truth nor reported results; track findings \/ test set iu-xray/,
    );
    const rows = ['mimic,findings', 'iu-xray,findings', 'mimic,findings+impression']
      .map((t) => `M,,2024,${t},bleu4_corpus,0.2,`)
      .join('\n');
    await importReportedResults(web, curatorA, {
      slug,
      csv: `model,institution,date,test_set,section,metric,value,source_link\n${rows}\n`,
      fileName: 'r.csv',
    });
    const published = await publishBenchmark(web, curatorA, slug);
    expect(published.changed).toBe(true);
    expect((await publishBenchmark(web, curatorA, slug)).changed).toBe(false);
    expect((await listAuditLog(web, curatorA, slug))[0]!.action).toBe('benchmark.publish');
  });

  it('ground-truth uploads start with an outbox row; confirming before validation is refused', async () => {
    const slug = uniqueSlug('gt-start');
    await createBenchmark(web, curatorA, definition(slug));
    const { uploadId } = await startGroundTruthUpload(web, curatorA, {
      slug,
      trackSlug: 'findings',
      testSetSlug: 'mimic',
      file: {
        blobKey: 'gt/x.jsonl',
        fileName: 'truth.jsonl',
        fileBytes: 100,
        sha256: 'c'.repeat(64),
      },
    });
    expect(await owner.outbox.count({ where: { jobId: `gt-validate-${uploadId}` } })).toBe(1);
    await expect(confirmGroundTruthUpload(web, curatorA, uploadId)).rejects.toThrowError(
      /still being validated/,
    );
    expect(await codeOf(confirmGroundTruthUpload(web, curatorB, uploadId))).toBe('NOT_FOUND');
  });
});
