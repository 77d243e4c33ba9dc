import { describe, expect, it } from 'vitest';
import {
  CATALOG_QUERY_MAX_LENGTH,
  catalogFacets,
  catalogResultSummary,
  catalogSearchString,
  filterCatalog,
  parseCatalogSearch,
} from './catalog-search';

const item = (
  title: string,
  over: Partial<{
    summary: string;
    taskTypes: string[];
    modality: string | null;
    bodyRegion: string | null;
    verifiedEntryCount: number;
  }> = {},
) => ({
  title,
  summary: over.summary ?? '',
  taskTypes: over.taskTypes ?? ['classification'],
  modality: over.modality ?? null,
  bodyRegion: over.bodyRegion ?? null,
  verifiedEntryCount: over.verifiedEntryCount ?? 0,
});

const catalog = [
  item('BreastMNIST', {
    summary: 'Benign or malignant breast ultrasound',
    modality: 'Ultrasound',
    bodyRegion: 'Breast',
    verifiedEntryCount: 3,
  }),
  item('ReXrank', {
    summary: 'Radiology report generation',
    taskTypes: ['report-generation'],
    modality: 'X-ray',
    bodyRegion: 'Chest',
  }),
  item('GMAI-MMBench', {
    summary: 'Multimodal questions',
    taskTypes: ['mcq', 'closed-vqa'],
    modality: 'Multimodal',
  }),
  item('Lesion segmentation', {
    taskTypes: ['segmentation'],
    modality: 'CT',
    bodyRegion: 'Chest',
    verifiedEntryCount: 1,
  }),
];
const titles = (items: { title: string }[]) => items.map((i) => i.title);

describe('parseCatalogSearch', () => {
  it('keeps the first of repeated values, trims, and drops blanks', () => {
    expect(parseCatalogSearch({ q: ['  chest ', 'x'], task: '', modality: ' CT ' })).toEqual({
      q: 'chest',
      modality: 'CT',
    });
  });

  it('reads verified only from a ticked box', () => {
    expect(parseCatalogSearch({ verified: '1' }).verified).toBe(true);
    expect(parseCatalogSearch({ verified: 'on' }).verified).toBe(true);
    expect(parseCatalogSearch({ verified: '0' }).verified).toBeUndefined();
  });

  it('cuts a very long query instead of refusing it', () => {
    expect(parseCatalogSearch({ q: 'a'.repeat(500) }).q).toHaveLength(CATALOG_QUERY_MAX_LENGTH);
  });

  it('round-trips through its query string', () => {
    const search = { q: 'chest x-ray', task: 'mcq', region: 'Chest', verified: true as const };
    const params = Object.fromEntries(new URLSearchParams(catalogSearchString(search)));
    expect(parseCatalogSearch(params)).toEqual(search);
    expect(catalogSearchString({})).toBe('');
  });
});

describe('filterCatalog', () => {
  it('matches every word in title, summary, modality or body region, ignoring case and accents', () => {
    expect(titles(filterCatalog(catalog, { q: 'CHEST' }))).toEqual([
      'ReXrank',
      'Lesion segmentation',
    ]);
    expect(titles(filterCatalog(catalog, { q: 'ultrasound malignant' }))).toEqual(['BreastMNIST']);
    expect(titles(filterCatalog(catalog, { q: 'rádiology' }))).toEqual(['ReXrank']);
    expect(filterCatalog(catalog, { q: 'chest breast' })).toEqual([]);
  });

  it('filters by any task type of a benchmark’s tracks, not only the first', () => {
    expect(titles(filterCatalog(catalog, { task: 'closed-vqa' }))).toEqual(['GMAI-MMBench']);
    expect(titles(filterCatalog(catalog, { task: 'mcq' }))).toEqual(['GMAI-MMBench']);
  });

  it('filters by modality and body region exactly (case aside), and by verified entries', () => {
    expect(titles(filterCatalog(catalog, { modality: 'ct' }))).toEqual(['Lesion segmentation']);
    expect(titles(filterCatalog(catalog, { region: 'Chest', verified: true }))).toEqual([
      'Lesion segmentation',
    ]);
    expect(titles(filterCatalog(catalog, { verified: true }))).toEqual([
      'BreastMNIST',
      'Lesion segmentation',
    ]);
    // "Chest" is a body region, not a substring match on the modality filter.
    expect(filterCatalog(catalog, { modality: 'Ches' })).toEqual([]);
  });
});

describe('catalogFacets and catalogResultSummary', () => {
  it('offers each value present once, sorted', () => {
    expect(catalogFacets(catalog)).toEqual({
      taskTypes: ['classification', 'closed-vqa', 'mcq', 'report-generation', 'segmentation'],
      modalities: ['CT', 'Multimodal', 'Ultrasound', 'X-ray'],
      regions: ['Breast', 'Chest'],
    });
  });

  it('counts results and those with verified entries', () => {
    expect(catalogResultSummary(catalog)).toBe('4 results, 2 with verified entries');
    expect(catalogResultSummary(catalog.slice(1, 2))).toBe('1 result, 0 with verified entries');
    expect(catalogResultSummary([])).toBe('No results');
  });
});
