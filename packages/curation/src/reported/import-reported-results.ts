import { Readable } from 'node:stream';
import { TEXT_LIMITS, type FileIssue } from '@medrank/core';
import { benchmarkDefinitions, reported, type Database } from '@medrank/db';
import { CsvFormatError, IssueCollector, readCsvRecords, truncate } from '@medrank/formats';
import { assertCanCurate, type Actor } from '../access/actor.js';

const REQUIRED = [
  'model',
  'institution',
  'date',
  'test_set',
  'section',
  'metric',
  'value',
  'source_link',
] as const;
const OPTIONAL = [
  'track',
  'dimension',
  'category',
  'model_url',
  'model_group',
  'parameters',
  'open_weights',
  'baseline',
] as const;
type Column = (typeof REQUIRED)[number] | (typeof OPTIONAL)[number];

const MAX_ISSUES = 50;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const REPORTED_DATE = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;
const URL = /^https?:\/\/\S+$/;
const BOOLEAN: Record<string, boolean> = {
  yes: true,
  true: true,
  '1': true,
  no: false,
  false: false,
  '0': false,
};

export type ImportReportedResult =
  | { ok: true; entries: number; scores: number; entriesCreated: number; entriesUpdated: number }
  | { ok: false; issues: FileIssue[]; issueCount: number };

type TrackInfo = Awaited<ReturnType<typeof benchmarkDefinitions.listTracks>>[number];

/** Lower-case, trimmed, inner spaces removed around '+': "Findings + Impression" → "findings+impression". */
const normalise = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/\s*\+\s*/g, '+')
    .replace(/\s+/g, ' ');

/**
 * How a row finds its track, in this order:
 * 1. the `track` column, when present and not empty: a track slug or name;
 * 2. with a single track: that track (`section` is then only descriptive);
 * 3. else `section`: a track slug, a track name, or a report-generation track's sections joined
 *    by "+" (ReXrank: `findings` and `findings+impression`), all compared without case.
 */
function trackMatcher(tracks: TrackInfo[]) {
  const keys = new Map<string, TrackInfo>();
  for (const t of tracks) {
    const sections = t.taskConfig.sections;
    const names = [t.slug, t.name, ...(Array.isArray(sections) ? [sections.join('+')] : [])];
    for (const n of names) if (!keys.has(normalise(n))) keys.set(normalise(n), t);
  }
  return (value: string) => keys.get(normalise(value)) ?? null;
}

export const modelSlugOf = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80) || 'model';

/**
 * Imports published results from a long-format CSV, one number per line:
 * `model,institution,date,test_set,section,metric,value,source_link` plus optional `track`,
 * `dimension`, `category`, `model_url`, `model_group`, `parameters`, `open_weights`, `baseline`.
 * Every line is checked first (track and test set exist, the metric is one of the track's
 * computed or reported metrics, the value is finite, dates and links are well formed, no number
 * twice); any problem → line-numbered issues and nothing saved. Otherwise entries and scores are
 * upserted in one transaction, so importing the same file again changes nothing.
 */
export async function importReportedResults(
  db: Database,
  actor: Actor,
  { slug, csv, fileName }: { slug: string; csv: string | Readable; fileName: string },
): Promise<ImportReportedResult> {
  const benchmark = await assertCanCurate(db, actor, slug);
  const tracks = await benchmarkDefinitions.listTracks(db, benchmark.benchmarkId);
  const parsed = await parseReportedCsv(
    typeof csv === 'string' ? Readable.from([Buffer.from(csv, 'utf8')]) : csv,
    tracks,
  );
  if (!parsed.ok) return parsed;
  const saved = await reported.upsertMany(db, {
    benchmarkId: benchmark.benchmarkId,
    entries: parsed.entries,
    actorId: actor.userId,
    target: `reported results from ${fileName}`,
    fileName,
  });
  return {
    ok: true,
    entries: parsed.entries.length,
    scores: saved.scores,
    entriesCreated: saved.entriesCreated,
    entriesUpdated: saved.entriesUpdated,
  };
}

/** The longest value of each column; free text is bounded like every other field. */
export const REPORTED_COLUMN_LIMITS: Record<Column, number> = {
  model: TEXT_LIMITS.reportedText,
  institution: TEXT_LIMITS.reportedText,
  date: 10,
  test_set: TEXT_LIMITS.reportedText,
  section: TEXT_LIMITS.reportedText,
  metric: TEXT_LIMITS.reportedText,
  value: 64,
  source_link: TEXT_LIMITS.url,
  track: TEXT_LIMITS.reportedText,
  dimension: TEXT_LIMITS.reportedText,
  category: TEXT_LIMITS.reportedText,
  model_url: TEXT_LIMITS.url,
  model_group: TEXT_LIMITS.reportedText,
  parameters: 64,
  open_weights: 16,
  baseline: TEXT_LIMITS.baselineKind,
};

/** The first cell of a row longer than its column allows, with the message to report. */
function reportedCellTooLong(
  columns: Map<Column, number>,
  fields: string[],
): { column: Column; message: string } | null {
  for (const [column, index] of columns) {
    const value = (fields[index] ?? '').trim();
    const limit = REPORTED_COLUMN_LIMITS[column];
    if (value.length > limit)
      return { column, message: `at most ${limit} characters (got ${value.length})` };
  }
  return null;
}

/** Parses and checks the CSV against the benchmark's tracks; no database access. */
export async function parseReportedCsv(
  source: AsyncIterable<Uint8Array | string>,
  tracks: TrackInfo[],
): Promise<
  | { ok: true; entries: reported.ReportedEntryInput[] }
  | { ok: false; issues: FileIssue[]; issueCount: number }
> {
  const issues = new IssueCollector(MAX_ISSUES);
  const findTrack = trackMatcher(tracks);
  const entries = new Map<
    string,
    reported.ReportedEntryInput & { firstLine: number; seen: Map<string, number> }
  >();
  let columns: Map<Column, number> | null = null;
  let width = 0;
  const get = (fields: string[], c: Column) => {
    const i = columns?.get(c);
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };
  try {
    for await (const { line, fields } of readCsvRecords(source, {
      maxFileBytes: 64 * 1024 * 1024,
    })) {
      if (!columns) {
        const names = fields.map((f) => f.trim().toLowerCase());
        const missing = REQUIRED.filter((c) => !names.includes(c));
        const unknown = names.filter(
          (n) =>
            !(REQUIRED as readonly string[]).includes(n) &&
            !(OPTIONAL as readonly string[]).includes(n),
        );
        const repeated = names.filter((n, i) => names.indexOf(n) !== i);
        if (missing.length || unknown.length || repeated.length) {
          issues.add({
            line,
            message:
              [
                missing.length ? `missing column(s) ${missing.join(', ')}` : '',
                unknown.length ? `unknown column(s) ${unknown.join(', ')}` : '',
                repeated.length ? `repeated column(s) ${repeated.join(', ')}` : '',
              ]
                .filter(Boolean)
                .join('; ') + `; expected ${REQUIRED.join(',')} (optional: ${OPTIONAL.join(', ')})`,
          });
          return { ok: false, issues: issues.issues, issueCount: issues.count };
        }
        columns = new Map(names.map((n, i) => [n as Column, i]));
        width = fields.length;
        continue;
      }
      if (fields.length !== width) {
        issues.add({
          line,
          message: `line ${line} has ${fields.length} fields; the header has ${width}`,
        });
        continue;
      }
      const problem = (column: Column, message: string) =>
        issues.add({ line, column, message: `line ${line}, ${column}: ${message}` });
      const tooLong = reportedCellTooLong(columns, fields);
      if (tooLong) {
        problem(tooLong.column, tooLong.message);
        continue;
      }

      const model = get(fields, 'model');
      if (!model) {
        problem('model', 'empty; name the model as published');
        continue;
      }
      const trackValue = get(fields, 'track');
      const section = get(fields, 'section');
      let track: TrackInfo | null;
      if (trackValue) {
        track = findTrack(trackValue);
        if (!track) {
          problem(
            'track',
            `"${truncate(trackValue)}" is not a track of this benchmark (${tracks.map((t) => t.slug).join(', ')})`,
          );
          continue;
        }
      } else if (tracks.length === 1) {
        track = tracks[0] ?? null;
      } else {
        track = section ? findTrack(section) : null;
        if (!track) {
          problem(
            'section',
            `${section ? `"${truncate(section)}" does not name` : 'empty; it must name'} one of the tracks (${tracks.map((t) => t.slug).join(', ')}) when the benchmark has several and the track column is empty`,
          );
          continue;
        }
      }
      if (!track) continue;

      const testSetValue = get(fields, 'test_set');
      const testSet = track.testSets.find(
        (s) => s.slug === testSetValue || normalise(s.name) === normalise(testSetValue),
      );
      if (!testSet) {
        problem(
          'test_set',
          `"${truncate(testSetValue)}" is not a test set of track ${track.slug} (${track.testSets.map((s) => s.slug).join(', ')})`,
        );
        continue;
      }
      const metric = get(fields, 'metric');
      const metricKeys = [...track.metrics, ...track.reportedMetrics.map((m) => m.key)];
      if (!metricKeys.includes(metric)) {
        problem(
          'metric',
          `"${truncate(metric)}" is not a metric of track ${track.slug}; known: ${metricKeys.join(', ')}`,
        );
        continue;
      }
      const rawValue = get(fields, 'value');
      const value = DECIMAL.test(rawValue) ? Number(rawValue) : Number.NaN;
      if (!Number.isFinite(value)) {
        problem('value', `"${truncate(rawValue)}" is not a finite decimal number`);
        continue;
      }
      const date = get(fields, 'date');
      if (date && !REPORTED_DATE.test(date)) {
        problem('date', `"${truncate(date)}" is not a year or date (YYYY, YYYY-MM or YYYY-MM-DD)`);
        continue;
      }
      const sourceLink = get(fields, 'source_link');
      const modelUrl = get(fields, 'model_url');
      if (sourceLink && !URL.test(sourceLink)) {
        problem('source_link', `"${truncate(sourceLink)}" is not an http(s) link`);
        continue;
      }
      if (modelUrl && !URL.test(modelUrl)) {
        problem('model_url', `"${truncate(modelUrl)}" is not an http(s) link`);
        continue;
      }
      const openWeightsText = get(fields, 'open_weights').toLowerCase();
      const openWeights = openWeightsText === '' ? undefined : BOOLEAN[openWeightsText];
      if (openWeightsText !== '' && openWeights === undefined) {
        problem('open_weights', `"${truncate(openWeightsText)}" is not yes/no (true/false, 1/0)`);
        continue;
      }
      const dimension = get(fields, 'dimension');
      const category = get(fields, 'category');
      if ((dimension === '') !== (category === '')) {
        problem(
          dimension ? 'category' : 'dimension',
          'dimension and category go together: give both for a per-category number, neither for the overall one',
        );
        continue;
      }

      const key = `${testSet.id}\u0000${model}`;
      let entry = entries.get(key);
      const details = {
        institution: get(fields, 'institution') || undefined,
        reportedDate: date || undefined,
        sourceUrl: sourceLink || undefined,
        modelUrl: modelUrl || undefined,
        modelGroup: get(fields, 'model_group') || undefined,
        parameterCount: get(fields, 'parameters') || undefined,
        openWeights,
        baselineKind: get(fields, 'baseline') || undefined,
      };
      if (!entry) {
        entry = {
          trackId: track.id,
          testSetId: testSet.id,
          modelName: model,
          modelSlug: modelSlugOf(model),
          ...details,
          scores: [],
          firstLine: line,
          seen: new Map(),
        };
        entries.set(key, entry);
      } else {
        // The same model on the same test set must be described the same way on every line.
        const conflict = (Object.keys(details) as (keyof typeof details)[]).find(
          (k) => details[k] !== undefined && entry![k] !== undefined && details[k] !== entry![k],
        );
        if (conflict) {
          issues.add({
            line,
            message: `line ${line}: ${conflict} "${String(details[conflict])}" differs from line ${entry.firstLine} ("${String(entry[conflict])}") for ${truncate(model)} on ${testSet.slug}`,
          });
          continue;
        }
        for (const k of Object.keys(details) as (keyof typeof details)[])
          if (entry[k] === undefined && details[k] !== undefined)
            Object.assign(entry, { [k]: details[k] });
      }
      const scoreKey = `${metric}\u0000${dimension}\u0000${category}`;
      const previous = entry.seen.get(scoreKey);
      if (previous !== undefined) {
        issues.add({
          line,
          message: `line ${line}: ${truncate(model)} / ${testSet.slug} / ${metric}${dimension ? ` / ${dimension}=${category}` : ''} is already given on line ${previous}`,
        });
        continue;
      }
      entry.seen.set(scoreKey, line);
      entry.scores.push({ metric, dimension, category, value });
    }
  } catch (error) {
    if (error instanceof CsvFormatError) {
      issues.add(error.issue);
      return { ok: false, issues: issues.issues, issueCount: issues.count };
    }
    throw error;
  }
  if (!columns)
    issues.add({ message: `the file is empty; expected the header ${REQUIRED.join(',')}` });
  else if (entries.size === 0 && !issues.hasIssues)
    issues.add({ message: 'the file has a header but no results' });
  if (issues.hasIssues) return { ok: false, issues: issues.issues, issueCount: issues.count };
  return {
    ok: true,
    entries: [...entries.values()].map(({ firstLine: _firstLine, seen: _seen, ...entry }) => entry),
  };
}
