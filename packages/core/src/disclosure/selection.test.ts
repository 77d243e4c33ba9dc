import { describe, expect, it } from 'vitest';
import { buildDisclosurePartition } from './partition.js';
import { parseDisclosurePartition } from './schema.js';
import {
  groupLabelsOf,
  isDisclosedGroup,
  isUnionOfAtoms,
  partitionLookup,
  resolveSubsetFilters,
  selectCases,
  splitGroupsMessage,
} from './selection.js';

// organ: lung 4 (ap 2, pa 2), heart 2 (ap 1, pa 1); k = 2 → organ {lung}, {heart}; view {ap · pa}.
const caseMetadata = [
  { organ: 'lung', view: 'ap' },
  { organ: 'lung', view: 'ap' },
  { organ: 'lung', view: 'pa' },
  { organ: 'lung', view: 'pa' },
  { organ: 'heart', view: 'ap' },
  { organ: 'heart', view: 'pa' },
];
const { partition, caseAtoms } = buildDisclosurePartition({
  caseMetadata,
  dimensions: ['organ', 'view'],
  minCellSize: 2,
});
const lookup = partitionLookup(partition);

describe('group labels', () => {
  it('maps a case to its group on every dimension', () => {
    expect(groupLabelsOf(lookup, caseMetadata[4]!)).toEqual({ organ: 'heart', view: 'ap · pa' });
    expect(groupLabelsOf(lookup, { organ: 'kidney' })).toEqual({});
  });

  it('shows only breakdown cells that are groups of the partition', () => {
    expect(isDisclosedGroup(lookup, 'view', 'ap · pa')).toBe(true);
    expect(isDisclosedGroup(lookup, 'view', 'ap')).toBe(false);
    expect(isDisclosedGroup(lookup, 'scanner', 'x')).toBe(false);
  });
});

describe('resolveSubsetFilters', () => {
  it('accepts group labels and whole groups named category by category', () => {
    for (const values of [['ap · pa'], ['ap', 'pa']]) {
      const resolved = resolveSubsetFilters(lookup, { organ: ['heart'], view: values });
      expect(resolved).toMatchObject({ ok: true, splitGroups: [] });
      if (!resolved.ok) continue;
      const selected = selectCases(caseMetadata, resolved.accepted);
      expect(selected).toEqual([4, 5]);
      expect(isUnionOfAtoms(caseAtoms, partition.atomSizes, selected)).toBe(true);
    }
  });

  it('reports a category that is only part of its group, and the subset is no union of atoms', () => {
    const resolved = resolveSubsetFilters(lookup, { view: ['ap'] });
    if (!resolved.ok) throw new Error(resolved.message);
    expect(resolved.splitGroups).toMatchObject([{ dimension: 'view', named: ['ap'] }]);
    const selected = selectCases(caseMetadata, resolved.accepted);
    expect(isUnionOfAtoms(caseAtoms, partition.atomSizes, selected)).toBe(false);
    const message = splitGroupsMessage(resolved.splitGroups, 2);
    expect(message).toBe(
      'choose whole groups: view "ap" is part of the group "ap · pa" (categories are grouped so that every cell of the breakdown has at least 2 cases, which keeps hidden labels hidden)',
    );
    expect(message).not.toMatch(/\b3\b/); // the 3 "ap" cases are never counted out loud
  });

  it('refuses unknown dimensions and values, naming what exists', () => {
    expect(resolveSubsetFilters(lookup, { scanner: ['x'] })).toEqual({
      ok: false,
      message: 'unknown dimension "scanner"; this test set\'s dimensions: organ, view',
    });
    expect(resolveSubsetFilters(lookup, { organ: ['kidney', 'liver'] })).toEqual({
      ok: false,
      message: 'unknown organ groups "kidney", "liver"; its groups: "lung", "heart"',
    });
  });
});

describe('isUnionOfAtoms', () => {
  it('is true for whole atoms, the empty set and everything; false for part of an atom or an unknown atom', () => {
    expect(isUnionOfAtoms(caseAtoms, partition.atomSizes, [])).toBe(true);
    expect(isUnionOfAtoms(caseAtoms, partition.atomSizes, [0, 1, 2, 3, 4, 5])).toBe(true);
    expect(isUnionOfAtoms(caseAtoms, partition.atomSizes, [0, 1, 2])).toBe(false);
    expect(isUnionOfAtoms([0, null], [1, 1], [1])).toBe(false);
  });
});

describe('parseDisclosurePartition', () => {
  it('reads a stored partition back, and treats anything else as missing', () => {
    expect(parseDisclosurePartition(JSON.parse(JSON.stringify(partition)))).toEqual(partition);
    expect(parseDisclosurePartition(null)).toBeNull();
    expect(parseDisclosurePartition({ ...partition, version: 2 })).toBeNull();
    expect(parseDisclosurePartition({ ...partition, atomSizes: [0] })).toBeNull();
  });
});
