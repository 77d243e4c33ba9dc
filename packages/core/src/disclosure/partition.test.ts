import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDisclosurePartition, categoryOf, GROUP_LABEL_SEPARATOR } from './partition.js';
import { isUnionOfAtoms, partitionLookup, selectCases } from './selection.js';
import { NOT_SPECIFIED_CATEGORY, type DisclosurePartition } from './types.js';

type Metadata = Record<string, string>;
const repeat = (times: number, metadata: Metadata): Metadata[] =>
  Array.from({ length: times }, () => ({ ...metadata }));
const groupsOf = (p: DisclosurePartition, dimension: string) =>
  p.dimensions.find((d) => d.dimension === dimension)!.groups;

describe('buildDisclosurePartition: known examples', () => {
  it('keeps categories of at least k cases and merges the small ones into one group', () => {
    const caseMetadata = [
      ...repeat(3, { organ: 'lung' }),
      ...repeat(1, { organ: 'heart' }),
      ...repeat(1, { organ: 'liver' }),
    ];
    const { partition, caseAtoms } = buildDisclosurePartition({
      caseMetadata,
      dimensions: ['organ'],
      minCellSize: 2,
    });
    expect(groupsOf(partition, 'organ')).toEqual([
      { label: 'lung', members: ['lung'], caseCount: 3 },
      { label: 'heart · liver', members: ['heart', 'liver'], caseCount: 2 },
    ]);
    expect(partition).toMatchObject({
      version: 1,
      minCellSize: 2,
      caseCount: 5,
      atomSizes: [3, 2],
    });
    expect(caseAtoms).toEqual([0, 0, 0, 1, 1]);
  });

  it('merges a lone small category into the group that leaves no cell short', () => {
    const { partition } = buildDisclosurePartition({
      caseMetadata: [...repeat(3, { organ: 'lung' }), { organ: 'heart' }],
      dimensions: ['organ'],
      minCellSize: 2,
    });
    expect(groupsOf(partition, 'organ')).toEqual([
      { label: 'lung · heart', members: ['lung', 'heart'], caseCount: 4 },
    ]);
    expect(partition.atomSizes).toEqual([4]);
  });

  it('groups a later dimension within the cells of the earlier ones (the least important merges first)', () => {
    // organ first: lung 4, heart 2 (both ≥ 2). view: ap/pa split heart into 1 + 1, so the views merge.
    const caseMetadata = [
      ...repeat(2, { organ: 'lung', view: 'ap' }),
      ...repeat(2, { organ: 'lung', view: 'pa' }),
      { organ: 'heart', view: 'ap' },
      { organ: 'heart', view: 'pa' },
    ];
    const { partition, caseAtoms } = buildDisclosurePartition({
      caseMetadata,
      dimensions: ['organ', 'view'],
      minCellSize: 2,
    });
    expect(groupsOf(partition, 'organ').map((g) => g.label)).toEqual(['lung', 'heart']);
    expect(groupsOf(partition, 'view').map((g) => g.label)).toEqual(['ap · pa']);
    expect(partition.atomSizes).toEqual([4, 2]);
    expect(caseAtoms).toEqual([0, 0, 0, 0, 1, 1]);
    // The other order keeps the views and merges the organs.
    const swapped = buildDisclosurePartition({
      caseMetadata,
      dimensions: ['view', 'organ'],
      minCellSize: 2,
    }).partition;
    expect(groupsOf(swapped, 'view').map((g) => g.label)).toEqual(['ap', 'pa']);
    expect(groupsOf(swapped, 'organ').map((g) => g.label)).toEqual(['lung · heart']);
  });

  it('puts cases without a value in the "not specified" category, so they are in some group', () => {
    const caseMetadata: Record<string, unknown>[] = [
      ...repeat(4, { organ: 'lung' }),
      { organ: '' },
      { other: 'x' },
      { organ: 7 },
    ];
    expect(categoryOf(caseMetadata[4]!, 'organ')).toBe(NOT_SPECIFIED_CATEGORY);
    expect(categoryOf(caseMetadata[6]!, 'organ')).toBe('7');
    const { partition } = buildDisclosurePartition({
      caseMetadata,
      dimensions: ['organ'],
      minCellSize: 3,
    });
    expect(groupsOf(partition, 'organ')).toEqual([
      { label: 'lung', members: ['lung'], caseCount: 4 },
      {
        label: `${NOT_SPECIFIED_CATEGORY}${GROUP_LABEL_SEPARATOR}7`,
        members: [NOT_SPECIFIED_CATEGORY, '7'],
        caseCount: 3,
      },
    ]);
  });

  it('makes a test set smaller than k one atom, each dimension one group', () => {
    const { partition, caseAtoms } = buildDisclosurePartition({
      caseMetadata: [{ organ: 'lung' }, { organ: 'lung' }, { organ: 'heart' }],
      dimensions: ['organ'],
      minCellSize: 20,
    });
    expect(partition.atomSizes).toEqual([3]);
    expect(caseAtoms).toEqual([0, 0, 0]);
    expect(groupsOf(partition, 'organ')).toEqual([
      { label: 'lung · heart', members: ['lung', 'heart'], caseCount: 3 },
    ]);
  });

  it('gives an empty test set no atoms and no groups', () => {
    const { partition, caseAtoms } = buildDisclosurePartition({
      caseMetadata: [],
      dimensions: ['organ'],
      minCellSize: 20,
    });
    expect(partition).toEqual({
      version: 1,
      minCellSize: 20,
      caseCount: 0,
      dimensions: [{ dimension: 'organ', groups: [] }],
      atomSizes: [],
    });
    expect(caseAtoms).toEqual([]);
  });

  it('without dimensions, the whole test set is one atom', () => {
    const { partition } = buildDisclosurePartition({
      caseMetadata: repeat(25, { organ: 'lung' }),
      dimensions: [],
      minCellSize: 20,
    });
    expect(partition.atomSizes).toEqual([25]);
    expect(partition.dimensions).toEqual([]);
  });

  it('never labels a merged group like an existing category, even one containing the separator', () => {
    const caseMetadata = [
      ...repeat(5, { q: `a${GROUP_LABEL_SEPARATOR}b` }),
      { q: 'a' },
      { q: 'b' },
    ];
    const { partition } = buildDisclosurePartition({
      caseMetadata,
      dimensions: ['q'],
      minCellSize: 2,
    });
    expect(groupsOf(partition, 'q').map((g) => g.label)).toEqual([
      `a${GROUP_LABEL_SEPARATOR}b`,
      `a${GROUP_LABEL_SEPARATOR}b (group)`,
    ]);
  });

  it('shortens the label of a group of many categories to its largest members and a count', () => {
    const caseMetadata = Array.from({ length: 30 }, (_, i) => ({
      q: `a fairly long category name ${String(i % 15).padStart(2, '0')}`,
    }));
    const [group] = groupsOf(
      buildDisclosurePartition({ caseMetadata, dimensions: ['q'], minCellSize: 30 }).partition,
      'q',
    );
    expect(group!.members).toHaveLength(15);
    expect(group!.label).toBe('a fairly long category name 00 and 14 more');
    expect(group!.label.length).toBeLessThanOrEqual(60);
  });

  it('refuses a minimum that is not a positive integer and repeated dimensions', () => {
    expect(() =>
      buildDisclosurePartition({ caseMetadata: [], dimensions: [], minCellSize: 0 }),
    ).toThrow(RangeError);
    expect(() =>
      buildDisclosurePartition({ caseMetadata: [], dimensions: ['a', 'a'], minCellSize: 2 }),
    ).toThrow(/distinct/);
  });
});

// ───────────────────────── properties over random metadata ─────────────────────────

const DIMENSIONS = ['d0', 'd1', 'd2'];
const arbitraryTestSet = fc.record({
  dimensionCount: fc.integer({ min: 0, max: 3 }),
  k: fc.integer({ min: 1, max: 25 }),
  // A skewed category per case and dimension: small indices are common, large ones rare, and
  // -1 (no value) happens, so small and missing cells occur often.
  cases: fc.array(
    fc.tuple(
      fc.integer({ min: -1, max: 9 }),
      fc.integer({ min: -1, max: 9 }),
      fc.integer({ min: -1, max: 9 }),
    ),
    { maxLength: 300 },
  ),
  selection: fc.array(fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), {
    minLength: 3,
    maxLength: 3,
  }),
});

function toMetadata(cases: [number, number, number][], dimensionCount: number) {
  return cases.map((c) => {
    const m: Record<string, string> = {};
    for (let d = 0; d < dimensionCount; d++) {
      const v = c[d]!;
      if (v >= 0) m[DIMENSIONS[d]!] = `cat${Math.floor(v * v * 0.1)}`;
    }
    return m;
  });
}

describe('buildDisclosurePartition: properties', () => {
  it('every atom holds at least k cases (one atom when the test set is smaller)', () => {
    fc.assert(
      fc.property(arbitraryTestSet, ({ dimensionCount, k, cases }) => {
        const caseMetadata = toMetadata(cases, dimensionCount);
        const { partition, caseAtoms } = buildDisclosurePartition({
          caseMetadata,
          dimensions: DIMENSIONS.slice(0, dimensionCount),
          minCellSize: k,
        });
        const n = caseMetadata.length;
        if (n === 0) expect(partition.atomSizes).toEqual([]);
        else if (n < k) expect(partition.atomSizes).toEqual([n]);
        else for (const size of partition.atomSizes) expect(size).toBeGreaterThanOrEqual(k);
        // atomSizes count caseAtoms.
        const counted = new Array<number>(partition.atomSizes.length).fill(0);
        for (const atom of caseAtoms) counted[atom]!++;
        expect(counted).toEqual(partition.atomSizes);
      }),
      { numRuns: 300 },
    );
  });

  it('groups partition the categories, with unique labels, and atoms are the non-empty product cells', () => {
    fc.assert(
      fc.property(arbitraryTestSet, ({ dimensionCount, k, cases }) => {
        const dimensions = DIMENSIONS.slice(0, dimensionCount);
        const caseMetadata = toMetadata(cases, dimensionCount);
        const { partition, caseAtoms } = buildDisclosurePartition({
          caseMetadata,
          dimensions,
          minCellSize: k,
        });
        const lookup = partitionLookup(partition);
        for (const { dimension, groups } of partition.dimensions) {
          const seen = new Set(caseMetadata.map((m) => categoryOf(m, dimension)));
          const members = groups.flatMap((g) => g.members);
          expect(new Set(members).size).toBe(members.length);
          expect(new Set(members)).toEqual(seen);
          expect(new Set(groups.map((g) => g.label)).size).toBe(groups.length);
          expect(groups.reduce((s, g) => s + g.caseCount, 0)).toBe(caseMetadata.length);
        }
        const cellOf = (i: number) =>
          dimensions
            .map((d) => lookup.groupOfCategory.get(d)!.get(categoryOf(caseMetadata[i]!, d))!.label)
            .join('\u0000');
        const atomOfCell = new Map<string, number>();
        caseMetadata.forEach((_, i) => {
          const cell = cellOf(i);
          const atom = atomOfCell.get(cell);
          if (atom === undefined) atomOfCell.set(cell, caseAtoms[i]!);
          else expect(caseAtoms[i]).toBe(atom);
        });
        expect(new Set(atomOfCell.values()).size).toBe(atomOfCell.size);
      }),
      { numRuns: 300 },
    );
  });

  it('every product selection of whole groups is a union of atoms', () => {
    fc.assert(
      fc.property(arbitraryTestSet, ({ dimensionCount, k, cases, selection }) => {
        const dimensions = DIMENSIONS.slice(0, dimensionCount);
        const caseMetadata = toMetadata(cases, dimensionCount);
        const { partition, caseAtoms } = buildDisclosurePartition({
          caseMetadata,
          dimensions,
          minCellSize: k,
        });
        const accepted = partition.dimensions.map(({ dimension, groups }, d) => ({
          dimension,
          categories: new Set(
            groups.filter((_, g) => selection[d]![g % 12]).flatMap((g) => g.members),
          ),
        }));
        const selected = selectCases(caseMetadata, accepted);
        expect(isUnionOfAtoms(caseAtoms, partition.atomSizes, selected)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order of the cases, and is deterministic', () => {
    fc.assert(
      fc.property(
        arbitraryTestSet,
        fc.array(fc.nat(), { maxLength: 300 }),
        ({ dimensionCount, k, cases }, keys) => {
          const dimensions = DIMENSIONS.slice(0, dimensionCount);
          const caseMetadata = toMetadata(cases, dimensionCount);
          const order = caseMetadata
            .map((_, i) => i)
            .sort((a, b) => (keys[a] ?? a) - (keys[b] ?? b) || b - a);
          const input = { dimensions, minCellSize: k };
          const first = buildDisclosurePartition({ ...input, caseMetadata });
          const again = buildDisclosurePartition({ ...input, caseMetadata });
          const shuffled = buildDisclosurePartition({
            ...input,
            caseMetadata: order.map((i) => caseMetadata[i]!),
          });
          expect(again).toEqual(first);
          expect(shuffled.partition).toEqual(first.partition);
          expect(order.map((i) => first.caseAtoms[i])).toEqual(shuffled.caseAtoms);
        },
      ),
      { numRuns: 200 },
    );
  });
});

// ───────────────────────── the seeded catalog ─────────────────────────

function readCatalog(file: string): Record<string, unknown>[] {
  const url = new URL(`../../../../data/catalog/${file}`, import.meta.url);
  return readFileSync(url, 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { categories?: Record<string, unknown> }).categories ?? {});
}

/** Whether some merged group could be split in two with every cell still empty or ≥ k. */
function canSplitAGroup(
  caseMetadata: Record<string, unknown>[],
  partition: DisclosurePartition,
  k: number,
): boolean {
  const lookup = partitionLookup(partition);
  return partition.dimensions.some(({ dimension, groups }, d) => {
    const earlier = partition.dimensions.slice(0, d).map((x) => x.dimension);
    const rowOf = (m: Record<string, unknown>) =>
      earlier
        .map((e) => lookup.groupOfCategory.get(e)!.get(categoryOf(m, e))!.label)
        .join('\u0000');
    return groups.some(({ members }) => {
      for (let mask = 1; mask < 2 ** (members.length - 1); mask++) {
        const part = new Set(members.filter((_, i) => mask & (1 << i)));
        const cells = new Map<string, number>();
        for (const m of caseMetadata) {
          const c = categoryOf(m, dimension);
          if (!members.includes(c)) continue;
          const key = `${part.has(c)}\u0000${rowOf(m)}`;
          cells.set(key, (cells.get(key) ?? 0) + 1);
        }
        if ([...cells.values()].every((count) => count >= k)) return true;
      }
      return false;
    });
  });
}

describe('buildDisclosurePartition: the seeded catalog at k = 20', () => {
  it('VQA-RAD closed: organ in 3 groups, question type in 2, 6 atoms of at least 24 cases', () => {
    const caseMetadata = readCatalog('vqa-rad/ground-truth.closed.test.jsonl');
    const { partition } = buildDisclosurePartition({
      caseMetadata,
      dimensions: ['organ', 'question_type'],
      minCellSize: 20,
    });
    expect(caseMetadata).toHaveLength(272);
    expect(groupsOf(partition, 'organ').map((g) => [g.label, g.caseCount])).toEqual([
      ['Chest', 116],
      ['Abdomen', 102],
      ['Head', 54],
    ]);
    const questionTypes = groupsOf(partition, 'question_type');
    expect(questionTypes.map((g) => g.caseCount)).toEqual([159, 113]);
    expect(questionTypes[0]!.members).toEqual(['Presence', 'Size']);
    expect(questionTypes[0]!.label).toBe('Presence · Size');
    // The 1-case category "Presence + Size" is not the merged group of Presence and Size.
    expect(questionTypes[1]!.members).toContain('Presence + Size');
    expect(partition.atomSizes).toHaveLength(6);
    expect(Math.min(...partition.atomSizes)).toBe(24);
    expect(canSplitAGroup(caseMetadata, partition, 20)).toBe(false);
  });

  it('VQA-RAD open: organ in 3 groups, question type in 2, 6 atoms', () => {
    const caseMetadata = readCatalog('vqa-rad/ground-truth.open.test.jsonl');
    const { partition } = buildDisclosurePartition({
      caseMetadata,
      dimensions: ['organ', 'question_type'],
      minCellSize: 20,
    });
    expect(caseMetadata).toHaveLength(179);
    expect(groupsOf(partition, 'organ')).toHaveLength(3);
    expect(groupsOf(partition, 'question_type')).toHaveLength(2);
    expect(partition.atomSizes).toHaveLength(6);
    expect(Math.min(...partition.atomSizes)).toBeGreaterThanOrEqual(20);
    expect(canSplitAGroup(caseMetadata, partition, 20)).toBe(false);
  });

  it('MedXpertQA MM: 3 tasks, 7 body-system groups, 1 question-type group, 21 atoms of at least 23', () => {
    const caseMetadata = readCatalog('medxpertqa-mm/ground-truth.mm.test.jsonl');
    const { partition } = buildDisclosurePartition({
      caseMetadata,
      dimensions: ['medical_task', 'body_system', 'question_type'],
      minCellSize: 20,
    });
    expect(caseMetadata).toHaveLength(2000);
    expect(groupsOf(partition, 'medical_task').map((g) => g.label)).toEqual([
      'Diagnosis',
      'Treatment',
      'Basic Science',
    ]);
    const bodySystems = groupsOf(partition, 'body_system');
    expect(bodySystems).toHaveLength(7);
    // The 18-case "Other / NA" group of the complement attack is merged, not left out.
    expect(
      bodySystems.find((g) => g.members.includes('Other / NA'))!.caseCount,
    ).toBeGreaterThanOrEqual(20);
    expect(groupsOf(partition, 'question_type')).toHaveLength(1);
    expect(partition.atomSizes).toHaveLength(21);
    expect(Math.min(...partition.atomSizes)).toBe(23);
    expect(canSplitAGroup(caseMetadata, partition, 20)).toBe(false);
  });
});
