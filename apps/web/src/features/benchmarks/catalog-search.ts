import type { BenchmarkSummaryDto } from '@medrank/db';

/** The catalog's URL query as Next hands it to the page. */
export type RawCatalogSearch = Record<string, string | string[] | undefined>;

/** What the catalog is narrowed by; absent fields do not filter. */
export type CatalogSearch = {
  /** Words that must all appear in the title, summary, modality or body region. */
  q?: string;
  /** A task type key: benchmarks with a track of this type. */
  task?: string;
  modality?: string;
  region?: string;
  /** Only benchmarks whose board lists at least one verified entry. */
  verified?: true;
};

/** Longer text is cut, not refused: a search box has no error state worth a 400. */
export const CATALOG_QUERY_MAX_LENGTH = 200;

type CatalogItem = Pick<
  BenchmarkSummaryDto,
  'title' | 'summary' | 'taskTypes' | 'modality' | 'bodyRegion' | 'verifiedEntryCount'
>;

const single = (value: string | string[] | undefined): string | undefined => {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text ? text.slice(0, CATALOG_QUERY_MAX_LENGTH) : undefined;
};

/** Reads the query string leniently: blanks, repeats and unknown keys are ignored. */
export function parseCatalogSearch(raw: RawCatalogSearch): CatalogSearch {
  const search: CatalogSearch = {};
  const q = single(raw.q);
  if (q) search.q = q;
  const task = single(raw.task);
  if (task) search.task = task;
  const modality = single(raw.modality);
  if (modality) search.modality = modality;
  const region = single(raw.region);
  if (region) search.region = region;
  const verified = single(raw.verified);
  if (verified === '1' || verified === 'on' || verified === 'true') search.verified = true;
  return search;
}

/** The query string of a search (leading `?`, or empty when nothing filters), in a fixed order. */
export function catalogSearchString(search: CatalogSearch): string {
  const params = new URLSearchParams();
  if (search.q) params.set('q', search.q);
  if (search.task) params.set('task', search.task);
  if (search.modality) params.set('modality', search.modality);
  if (search.region) params.set('region', search.region);
  if (search.verified) params.set('verified', '1');
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const hasCatalogFilters = (search: CatalogSearch) => catalogSearchString(search) !== '';

const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
const sameFacet = (a: string | null, b: string) => a !== null && fold(a) === fold(b);

/** The benchmarks a search keeps, in the catalog's order. */
export function filterCatalog<T extends CatalogItem>(
  items: readonly T[],
  search: CatalogSearch,
): T[] {
  const words = search.q ? fold(search.q).split(/\s+/).filter(Boolean) : [];
  return items.filter((item) => {
    if (search.task && !item.taskTypes.includes(search.task)) return false;
    if (search.modality && !sameFacet(item.modality, search.modality)) return false;
    if (search.region && !sameFacet(item.bodyRegion, search.region)) return false;
    if (search.verified && item.verifiedEntryCount === 0) return false;
    if (words.length > 0) {
      const haystack = fold(
        [item.title, item.summary, item.modality ?? '', item.bodyRegion ?? ''].join(' '),
      );
      if (!words.every((word) => haystack.includes(word))) return false;
    }
    return true;
  });
}

export type CatalogFacets = { taskTypes: string[]; modalities: string[]; regions: string[] };

/** The choices each filter offers: the values present in the whole catalog, sorted. */
export function catalogFacets(items: readonly CatalogItem[]): CatalogFacets {
  const sorted = (values: Iterable<string>) =>
    [...new Set(values)].sort((a, b) => a.localeCompare(b, 'en'));
  return {
    taskTypes: sorted(items.flatMap((i) => i.taskTypes)),
    modalities: sorted(items.flatMap((i) => (i.modality ? [i.modality] : []))),
    regions: sorted(items.flatMap((i) => (i.bodyRegion ? [i.bodyRegion] : []))),
  };
}

/** "21 results, 14 with verified entries": what the live region announces. */
export function catalogResultSummary(items: readonly CatalogItem[]): string {
  const verified = items.filter((i) => i.verifiedEntryCount > 0).length;
  const results = `${items.length} ${items.length === 1 ? 'result' : 'results'}`;
  return items.length === 0 ? 'No results' : `${results}, ${verified} with verified entries`;
}
