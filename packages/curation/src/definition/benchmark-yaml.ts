import type { FileIssue } from '@medrank/core';
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  stringify,
  type Node,
} from 'yaml';
import {
  validateBenchmarkDefinition,
  type BenchmarkDefinition,
  type PhaseDefinition,
  type ReportedMetricDefinition,
  type TestSetDefinition,
  type TrackDefinition,
} from './benchmark-definition.js';

export type BenchmarkYamlResult =
  { ok: true; definition: BenchmarkDefinition } | { ok: false; issues: FileIssue[] };

const MAX_YAML_CHARS = 1_000_000;

/**
 * Reads a benchmark definition from YAML. Every problem comes back with the line it is on: YAML
 * syntax errors from the parser, schema errors by mapping the failing path to the YAML node (or,
 * for a missing field, to the mapping that lacks it).
 */
export function parseBenchmarkYaml(text: string): BenchmarkYamlResult {
  if (text.length > MAX_YAML_CHARS)
    return {
      ok: false,
      issues: [
        { message: `the file has ${text.length} characters; the limit is ${MAX_YAML_CHARS}` },
      ],
    };
  const lineCounter = new LineCounter();
  // Core schema: dates stay strings and `yes`/`no` stay text (YAML 1.2), so values mean what they say.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        line: lineCounter.linePos(e.pos[0]).line,
        message: `line ${lineCounter.linePos(e.pos[0]).line}: ${firstLine(e.message)}`,
      })),
    };
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return {
      ok: false,
      issues: [{ line: 1, message: 'expected a mapping with slug, title, summary, tracks…' }],
    };
  const result = validateBenchmarkDefinition(value);
  if (result.ok) return result;
  return {
    ok: false,
    issues: result.issues.map(({ path, column, message }) => {
      const line = lineOfPath(doc.contents, path, lineCounter);
      return {
        ...(line === undefined ? {} : { line }),
        ...(column ? { column } : {}),
        message: line === undefined ? message : `line ${line}: ${message}`,
      };
    }),
  };
}

const firstLine = (message: string) => message.split('\n')[0] ?? message;

/** Line of the node at `path`: the key of a mapping entry, the item of a sequence, else the nearest ancestor. */
function lineOfPath(
  root: unknown,
  path: readonly (string | number)[],
  lines: LineCounter,
): number | undefined {
  let node: unknown = root;
  let line = startLine(node, lines);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === segment);
      if (!pair) break;
      line = startLine(pair.key, lines) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      line = startLine(item, lines) ?? line;
      node = item;
    } else {
      break;
    }
  }
  return line;
}

function startLine(node: unknown, lines: LineCounter): number | undefined {
  const range = (node as Node | null)?.range;
  return range ? lines.linePos(range[0]).line : undefined;
}

/**
 * Writes a definition as stable YAML: fixed key order, optional fields only when set, task
 * configurations with sorted keys, no comments. `parseBenchmarkYaml` of the output gives the
 * same definition back, and writing that again gives the same bytes.
 */
export function benchmarkDefinitionToYaml(definition: BenchmarkDefinition): string {
  return stringify(canonicalDefinition(definition), {
    lineWidth: 0,
    indent: 2,
    indentSeq: true,
    aliasDuplicateObjects: false,
  });
}

/** The definition as a plain object with keys in the documented order and unset fields left out. */
export function canonicalDefinition(d: BenchmarkDefinition): Record<string, unknown> {
  return compact({
    slug: d.slug,
    title: d.title,
    summary: d.summary,
    description: d.description,
    modality: d.modality,
    bodyRegion: d.bodyRegion,
    citation: d.citation,
    paperUrl: d.paperUrl,
    dataUrl: d.dataUrl,
    license: d.license,
    minCategorySize: d.minCategorySize,
    tracks: d.tracks.map(canonicalTrack),
    phases: d.phases.map(canonicalPhase),
  });
}

const canonicalTrack = (t: TrackDefinition) =>
  compact({
    slug: t.slug,
    name: t.name,
    description: t.description,
    taskType: t.taskType,
    taskConfig: sortKeys(t.taskConfig),
    metrics: [...t.metrics],
    primaryMetric: t.primaryMetric,
    reportedMetrics: t.reportedMetrics.map(canonicalReportedMetric),
    testSets: t.testSets.map(canonicalTestSet),
  });

const canonicalReportedMetric = (m: ReportedMetricDefinition) =>
  compact({
    key: m.key,
    label: m.label,
    higherIsBetter: m.higherIsBetter,
    decimals: m.decimals,
    description: m.description,
  });

const canonicalTestSet = (s: TestSetDefinition) =>
  compact({
    slug: s.slug,
    name: s.name,
    description: s.description,
    visibility: s.visibility,
    inputs: s.inputs,
    categoryDimensions: s.categoryDimensions && [...s.categoryDimensions],
  });

const canonicalPhase = (p: PhaseDefinition) =>
  compact({
    name: p.name,
    opensAt: p.opensAt,
    closesAt: p.closesAt,
    dailyQuota: p.dailyQuota,
    totalQuota: p.totalQuota,
    finalSelection: p.finalSelection,
    scoreDecimals: p.scoreDecimals,
    nearDuplicate: { minCases: p.nearDuplicate.minCases, minFraction: p.nearDuplicate.minFraction },
    ladderMargin: p.ladderMargin,
    requiresApproval: p.requiresApproval,
  });

function compact<T extends Record<string, unknown>>(object: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  return value;
}
