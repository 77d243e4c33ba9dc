import type { benchmarkDefinitions } from '@medrank/db';
import { describe, expect, it } from 'vitest';
import {
  assertDefinitionChangeAllowed,
  evaluatorVersionBumpReasons,
  partitionRecomputeCause,
  phaseChanged,
  precisionChanges,
  scoringChanges,
  testSetChanges,
  trackDisplayChanged,
} from './definition-update-rules.js';

type State = benchmarkDefinitions.StoredDefinitionState;
type StoredTrack = benchmarkDefinitions.StoredTrackState;
type StoredTestSet = benchmarkDefinitions.StoredTestSetState;
type StoredPhase = benchmarkDefinitions.StoredPhaseState;
type BenchmarkRecord = benchmarkDefinitions.BenchmarkRecord;
type TrackRecord = benchmarkDefinitions.TrackRecord;
type TestSetRecord = benchmarkDefinitions.TestSetRecord;
type PhaseRecord = benchmarkDefinitions.PhaseRecord;

const phaseRecord = (name: string, over: Partial<PhaseRecord> = {}): PhaseRecord => ({
  name,
  opensAt: new Date('2026-01-01T00:00:00Z'),
  closesAt: null,
  dailyQuota: 5,
  totalQuota: null,
  finalSelection: 'LATEST',
  scoreDecimals: 3,
  nearDuplicateMinCases: 10,
  nearDuplicateMinFraction: 0.01,
  ladderMargin: null,
  requiresApproval: false,
  ...over,
});

const storedSet = (slug: string, over: Partial<StoredTestSet> = {}): StoredTestSet => ({
  id: `id-${slug}`,
  slug,
  name: slug,
  description: '',
  visibility: 'PUBLIC',
  inputs: 'HIDDEN',
  categoryDimensions: ['organ'],
  position: 0,
  caseCount: 0,
  evaluationCount: 0,
  reportedEntryCount: 0,
  ...over,
});

const storedTrack = (slug: string, over: Partial<StoredTrack> = {}): StoredTrack => ({
  id: `id-${slug}`,
  slug,
  name: slug,
  description: '',
  taskType: 'classification',
  taskConfig: { classes: ['a', 'b'], positiveClass: 'b' },
  metrics: ['auroc', 'accuracy'],
  primaryMetric: 'auroc',
  reportedMetrics: [],
  position: 0,
  submissionCount: 0,
  reportedEntryCount: 0,
  testSets: [storedSet('test')],
  ...over,
});

const storedPhase = (name: string, over: Partial<StoredPhase> = {}): StoredPhase => ({
  id: `id-${name}`,
  submissionCount: 0,
  ...phaseRecord(name),
  ...over,
});

/** The record of a stored track, unchanged. */
const recordOf = (t: StoredTrack): TrackRecord => ({
  slug: t.slug,
  name: t.name,
  description: t.description,
  taskType: t.taskType,
  taskConfig: t.taskConfig as Record<string, unknown>,
  metrics: [...t.metrics],
  primaryMetric: t.primaryMetric,
  reportedMetrics: [],
  testSets: t.testSets.map((s): TestSetRecord => ({
    slug: s.slug,
    name: s.name,
    description: s.description,
    visibility: s.visibility,
    inputs: s.inputs,
    categoryDimensions: null,
  })),
});

function state(tracks: StoredTrack[], phases: StoredPhase[] = [storedPhase('Main')]): State {
  return {
    id: 'b',
    slug: 'bench',
    metadata: {
      title: 'Bench',
      summary: '',
      description: '',
      taskType: 'classification',
      modality: null,
      bodyRegion: null,
      citation: null,
      paperUrl: null,
      dataUrl: null,
      license: null,
      minCategorySize: 20,
    },
    tracks,
    phases,
  };
}

function next(current: State, over: Partial<BenchmarkRecord> = {}): BenchmarkRecord {
  return {
    slug: current.slug,
    ...current.metadata,
    tracks: current.tracks.map(recordOf),
    phases: current.phases.map(({ id: _id, submissionCount: _n, ...p }) => p),
    ...over,
  };
}

describe('assertDefinitionChangeAllowed (the removal rule)', () => {
  it('allows removing a track, test set and phase that have no entries', () => {
    const current = state(
      [storedTrack('a'), storedTrack('b', { testSets: [storedSet('x'), storedSet('y')] })],
      [storedPhase('Main'), storedPhase('Old')],
    );
    const b = recordOf(current.tracks[1]!);
    expect(() =>
      assertDefinitionChangeAllowed(
        current,
        next(current, {
          tracks: [{ ...b, testSets: b.testSets.slice(0, 1) }],
          phases: [phaseRecord('Main')],
        }),
      ),
    ).not.toThrow();
  });

  it.each([
    [{ submissionCount: 2 }, 'it has 2 submission(s) and 0 reported result(s)'],
    [{ reportedEntryCount: 3 }, 'it has 0 submission(s) and 3 reported result(s)'],
  ])('refuses removing a track with %o', (counts, says) => {
    const current = state([storedTrack('keep'), storedTrack('gone', counts)]);
    const attempt = () =>
      assertDefinitionChangeAllowed(
        current,
        next(current, { tracks: [recordOf(current.tracks[0]!)] }),
      );
    expect(attempt).toThrow(
      `track "gone" cannot be removed: ${says}; hide or disqualify entries instead`,
    );
    expect(attempt).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it.each([
    [{ evaluationCount: 4 }, 'it has 4 evaluation(s) and 0 reported result(s)'],
    [{ reportedEntryCount: 1 }, 'it has 0 evaluation(s) and 1 reported result(s)'],
  ])('refuses removing a test set with %o', (counts, says) => {
    const current = state([
      storedTrack('t', { testSets: [storedSet('keep'), storedSet('gone', counts)] }),
    ]);
    const track = recordOf(current.tracks[0]!);
    expect(() =>
      assertDefinitionChangeAllowed(
        current,
        next(current, { tracks: [{ ...track, testSets: track.testSets.slice(0, 1) }] }),
      ),
    ).toThrow(`test set "t/gone" cannot be removed: ${says}`);
  });

  it('refuses removing a phase with submissions, saying to close it instead', () => {
    const current = state(
      [storedTrack('t')],
      [storedPhase('Main'), storedPhase('Old', { submissionCount: 1 })],
    );
    expect(() =>
      assertDefinitionChangeAllowed(current, next(current, { phases: [phaseRecord('Main')] })),
    ).toThrow(
      'phase "Old" cannot be removed: it has 1 submission(s); close it instead (set closesAt)',
    );
  });

  it.each([
    [{ submissionCount: 1 }, 'submissions'],
    [{ testSets: [storedSet('test', { caseCount: 10 })] }, 'ground truth'],
  ])('refuses changing the task type of a track with %o', (over, what) => {
    const current = state([storedTrack('t', over)]);
    const track = recordOf(current.tracks[0]!);
    expect(() =>
      assertDefinitionChangeAllowed(
        current,
        next(current, { tracks: [{ ...track, taskType: 'regression' }] }),
      ),
    ).toThrow(
      `track "t" cannot change its task type from classification to regression: it has ${what}; add a new track instead`,
    );
  });

  it('allows changing the task type of a track with neither submissions nor ground truth', () => {
    const current = state([storedTrack('t')]);
    const track = recordOf(current.tracks[0]!);
    expect(() =>
      assertDefinitionChangeAllowed(
        current,
        next(current, { tracks: [{ ...track, taskType: 'regression' }] }),
      ),
    ).not.toThrow();
  });

  it('names the removed track first when several changes are refused', () => {
    const current = state(
      [
        storedTrack('kept', { testSets: [storedSet('x', { evaluationCount: 1 })] }),
        storedTrack('gone', { submissionCount: 1 }),
      ],
      [storedPhase('Old', { submissionCount: 1 })],
    );
    const kept = recordOf(current.tracks[0]!);
    expect(() =>
      assertDefinitionChangeAllowed(current, {
        ...next(current),
        tracks: [{ ...kept, testSets: [] }],
        phases: [],
      }),
    ).toThrow(/^track "gone" cannot be removed/);
  });
});

describe('scoringChanges (what bumps every test set of the track)', () => {
  const track = storedTrack('t');
  const same = recordOf(track);
  it.each([
    ['metrics', { metrics: ['auroc'] }],
    ['primary metric', { primaryMetric: 'accuracy' }],
    ['task configuration', { taskConfig: { classes: ['a', 'b'], positiveClass: 'a' } }],
    ['task type', { taskType: 'regression' }],
  ])('%s changed', (what, over) => {
    expect(scoringChanges(track, { ...same, ...over })).toEqual([what]);
  });

  it('lists every scoring change, in a fixed order', () => {
    expect(
      scoringChanges(track, { ...same, primaryMetric: 'accuracy', metrics: ['accuracy'] }),
    ).toEqual(['metrics', 'primary metric']);
  });

  it.each([
    ['the metrics reordered', { metrics: ['accuracy', 'auroc'] }],
    [
      'the task configuration with its keys reordered',
      { taskConfig: { positiveClass: 'b', classes: ['a', 'b'] } },
    ],
    [
      'name, description and reported metrics',
      {
        name: 'New',
        description: 'd',
        reportedMetrics: [{ key: 'x', label: 'X', higherIsBetter: true }],
      },
    ],
  ])('does not bump for %s', (_, over) => {
    expect(scoringChanges(track, { ...same, ...over })).toEqual([]);
  });

  it('treats a new metric display (percent) as a display change, not a scoring one', () => {
    const shown = {
      ...same,
      taskConfig: {
        ...(same.taskConfig as object),
        metricDisplay: { accuracy: { percent: true, decimals: 2 } },
      },
    };
    expect(scoringChanges(track, shown)).toEqual([]);
    expect(trackDisplayChanged(track, shown, track.position)).toBe(true);
  });
});

describe('trackDisplayChanged', () => {
  const track = storedTrack('t');
  const same = recordOf(track);
  it('is false for the same track at the same position', () => {
    expect(trackDisplayChanged(track, same, 0)).toBe(false);
  });
  it.each([
    ['name', { name: 'New' }, 0],
    ['metric order', { metrics: ['accuracy', 'auroc'] }, 0],
    ['reported metrics', { reportedMetrics: [{ key: 'x', label: 'X', higherIsBetter: true }] }, 0],
    ['position', {}, 1],
  ])('is true when the %s changes', (_, over, position) => {
    expect(trackDisplayChanged(track, { ...same, ...over }, position)).toBe(true);
  });
});

describe('testSetChanges', () => {
  const set = storedSet('s', { categoryDimensions: ['organ', 'sex'] });
  const same: TestSetRecord = {
    slug: 's',
    name: 's',
    description: '',
    visibility: 'PUBLIC',
    inputs: 'HIDDEN',
    categoryDimensions: null,
  };
  it('keeps the stored dimensions when the definition gives none', () => {
    expect(testSetChanges(set, same, 0)).toEqual({ changed: false, dimensionsChanged: false });
  });
  it('sees new dimensions, and their order', () => {
    expect(testSetChanges(set, { ...same, categoryDimensions: ['sex', 'organ'] }, 0)).toEqual({
      changed: true,
      dimensionsChanged: true,
    });
    expect(testSetChanges(set, { ...same, categoryDimensions: ['organ', 'sex'] }, 0)).toEqual({
      changed: false,
      dimensionsChanged: false,
    });
  });
  it('sees display changes without a dimension change', () => {
    expect(testSetChanges(set, { ...same, visibility: 'HIDDEN_UNTIL_CLOSE' }, 0)).toEqual({
      changed: true,
      dimensionsChanged: false,
    });
    expect(testSetChanges(set, same, 2).changed).toBe(true);
  });
  it('sees the inputs switched between hidden and public', () => {
    expect(testSetChanges(set, { ...same, inputs: 'PUBLIC' }, 0)).toEqual({
      changed: true,
      dimensionsChanged: false,
    });
  });
});

describe('partitionRecomputeCause', () => {
  const minimum = { from: 20, to: 10 };
  it('is null for a test set without ground truth (a fresh draft), whatever changed', () => {
    expect(
      partitionRecomputeCause({ caseCount: 0 }, { minimum, dimensions: ['organ'] }),
    ).toBeNull();
  });
  it('is null when neither the minimum nor the dimensions changed', () => {
    expect(
      partitionRecomputeCause({ caseCount: 50 }, { minimum: null, dimensions: null }),
    ).toBeNull();
  });
  it('names the minimum, the dimensions, or both', () => {
    expect(partitionRecomputeCause({ caseCount: 50 }, { minimum, dimensions: null })).toBe(
      'minimum cell size 20 → 10',
    );
    expect(partitionRecomputeCause({ caseCount: 50 }, { minimum: null, dimensions: [] })).toBe(
      'category dimensions none',
    );
    expect(
      partitionRecomputeCause({ caseCount: 50 }, { minimum, dimensions: ['organ', 'sex'] }),
    ).toBe('minimum cell size 20 → 10; category dimensions organ, sex');
  });
});

describe('evaluatorVersionBumpReasons', () => {
  it('bumps for each scoring change', () => {
    expect(
      evaluatorVersionBumpReasons({ scoringChanged: ['metrics', 'task type'], partition: null }),
    ).toEqual(['metrics changed', 'task type changed']);
  });
  it('bumps when the recomputed partition has new cells', () => {
    expect(
      evaluatorVersionBumpReasons({
        scoringChanged: [],
        partition: { cause: 'minimum cell size 20 → 10', cellsChanged: true },
      }),
    ).toEqual(['breakdown groups recomputed (minimum cell size 20 → 10)']);
  });
  it('does not bump for a partition recomputed to the same cells, nor for nothing', () => {
    expect(
      evaluatorVersionBumpReasons({
        scoringChanged: [],
        partition: { cause: 'minimum cell size 20 → 19', cellsChanged: false },
      }),
    ).toEqual([]);
    expect(evaluatorVersionBumpReasons({ scoringChanged: [], partition: null })).toEqual([]);
  });
});

describe('precisionChanges', () => {
  it('names each kept phase whose score decimals change', () => {
    expect(
      precisionChanges(
        [phaseRecord('A'), phaseRecord('B'), phaseRecord('C')],
        [
          phaseRecord('A', { scoreDecimals: 2 }),
          phaseRecord('B', { dailyQuota: 9 }),
          phaseRecord('New', { scoreDecimals: 1 }),
        ],
      ),
    ).toEqual(['phase "A" score decimals 3 → 2']);
  });
  it('is empty when only other phase settings change', () => {
    expect(
      precisionChanges(
        [phaseRecord('A')],
        [phaseRecord('A', { ladderMargin: 0.01, totalQuota: 3 })],
      ),
    ).toEqual([]);
  });
});

describe('phaseChanged', () => {
  it('is false for the same settings', () => {
    expect(phaseChanged(storedPhase('Main'), phaseRecord('Main'))).toBe(false);
  });
  it.each([
    ['closing date', { closesAt: new Date('2026-06-30T00:00:00Z') }],
    ['opening date', { opensAt: new Date('2026-02-01T00:00:00Z') }],
    ['daily quota', { dailyQuota: 1 }],
    ['Ladder margin', { ladderMargin: 0.02 }],
  ])('sees a new %s', (_, over) => {
    expect(phaseChanged(storedPhase('Main'), phaseRecord('Main', over))).toBe(true);
  });
  it('compares dates by their instant', () => {
    expect(
      phaseChanged(
        storedPhase('Main', { closesAt: new Date('2026-06-30T00:00:00Z') }),
        phaseRecord('Main', { closesAt: new Date(Date.parse('2026-06-30T00:00:00Z')) }),
      ),
    ).toBe(false);
  });
});
