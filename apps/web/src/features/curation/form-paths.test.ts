import { describe, expect, it } from 'vitest';
import { formToObject, issuesToFieldErrors } from './form-paths';

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
};

describe('formToObject', () => {
  it('builds nested objects and arrays from path names and leaves empty fields out', () => {
    const value = formToObject(
      form([
        ['title', ' Chest MCQ '],
        ['paperUrl', ''],
        ['phases[0].name', 'Open'],
        ['phases[0].closesAt', ''],
        ['phases[1].name', 'Final'],
        ['tracks[0].testSets[1].slug', 'val'],
      ]),
    );
    expect(value).toEqual({
      title: 'Chest MCQ',
      phases: [{ name: 'Open' }, { name: 'Final' }],
      tracks: [{ testSets: [undefined, { slug: 'val' }] }],
    });
  });

  it('collects `name[]` fields into lists, empty when only the marker is present', () => {
    expect(
      formToObject(
        form([
          ['tracks[0].metrics[]', ''],
          ['tracks[0].metrics[]', 'vqa_accuracy'],
          ['tracks[0].metrics[]', 'extraction_failure_rate'],
          ['tracks[1].metrics[]', ''],
        ]),
      ),
    ).toEqual({
      tracks: [{ metrics: ['vqa_accuracy', 'extraction_failure_rate'] }, { metrics: [] }],
    });
  });
});

describe('issuesToFieldErrors', () => {
  const fields = ['title', 'phases[0].closesAt', 'tracks[0].metrics[]', 'tracks[0].primaryMetric'];

  it('puts each issue next to its field, without the path prefix', () => {
    const { fieldErrors, unplaced } = issuesToFieldErrors(
      [
        {
          column: 'phases[0].closesAt',
          message: 'phases[0].closesAt: phase "Open" closes (2026-01-01) before it opens',
        },
        {
          column: 'tracks[0].metrics[1]',
          message: 'tracks[0].metrics[1]: metric "dice" is not computed',
        },
        { column: 'tracks[0].metrics', message: 'tracks[0].metrics: list at least one metric' },
      ],
      fields,
    );
    expect(fieldErrors).toEqual({
      'phases[0].closesAt': 'phase "Open" closes (2026-01-01) before it opens',
      'tracks[0].metrics[]': 'metric "dice" is not computed',
    });
    expect(unplaced).toEqual([]);
  });

  it('returns issues no field owns, so the form can show them at the top', () => {
    const { fieldErrors, unplaced } = issuesToFieldErrors(
      [
        {
          column: 'tracks[1].testSets',
          message: 'tracks[1].testSets: a track needs at least one test set',
        },
      ],
      fields,
    );
    expect(fieldErrors).toEqual({});
    expect(unplaced).toEqual(['tracks[1].testSets: a track needs at least one test set']);
  });
});
