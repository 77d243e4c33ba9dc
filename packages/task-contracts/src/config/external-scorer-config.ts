import { METRIC_CATALOG } from '@medrank/metrics/catalog';
import { misconfigured } from './config-errors.js';

/**
 * One model-based metric a curator attaches to a track: MedRank POSTs (reference, candidate)
 * batches to `url` and aggregates the per-case values it gets back (docs/external-scorers.md).
 */
export interface ExternalScorerConfig {
  /** Metric key as stored with scores, e.g. `radgraph_f1`; never a built-in metric's key. */
  key: string;
  label: string;
  url: string;
  higherIsBetter: boolean;
  /** Declared value range; a value outside it is a malformed response. */
  range: [number, number];
  /** The scorer must report exactly this version; scores change when the model does. */
  version: string;
  /** Per HTTP request (one batch, one attempt). */
  timeoutMs: number;
  batchSize: number;
  /** Attempts per batch, first included; retried on 5xx, 408, 429, timeouts and network errors. */
  maxAttempts: number;
  /** Delay before the second attempt; doubled for each further one (capped at 30 s). */
  retryBaseDelayMs: number;
  /** Batches in flight at once. */
  concurrency: number;
  /** Deadline for the whole metric on one test set, retries and waits included. */
  totalTimeoutMs: number;
}

export const EXTERNAL_SCORER_DEFAULTS = {
  timeoutMs: 60_000,
  batchSize: 64,
  maxAttempts: 3,
  retryBaseDelayMs: 1_000,
  concurrency: 4,
  totalTimeoutMs: 15 * 60_000,
} as const;

/** Upper bounds: a scorer config can slow a worker down but never hold it forever. */
const LIMITS = {
  timeoutMs: 10 * 60_000,
  batchSize: 4_096,
  maxAttempts: 10,
  retryBaseDelayMs: 60_000,
  concurrency: 32,
  totalTimeoutMs: 60 * 60_000,
} as const;

const FIELDS = [
  'key',
  'label',
  'url',
  'higherIsBetter',
  'range',
  'version',
  ...Object.keys(EXTERNAL_SCORER_DEFAULTS),
] as const;
const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * Validates a track's `externalScorers` list. Every error names the entry and the field.
 * @param builtIn metric keys the task type computes itself (every catalog key is reserved too).
 * @throws {AppError} BAD_REQUEST for anything unusable: unknown field, bad URL, clashing key, …
 */
export function parseExternalScorers(
  taskType: string,
  raw: unknown,
  builtIn: readonly string[],
): ExternalScorerConfig[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw))
    throw misconfigured(
      taskType,
      `externalScorers must be a list of scorer objects; found ${describe(raw)}`,
    );
  const seen = new Set<string>();
  return raw.map((entry: unknown, index) => {
    const fail = (message: string) =>
      misconfigured(taskType, `externalScorers[${index}]: ${message}`);
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw fail(`must be an object; found ${describe(entry)}`);
    const record = entry as Record<string, unknown>;
    const unknown = Object.keys(record).filter(
      (field) => !(FIELDS as readonly string[]).includes(field),
    );
    if (unknown.length > 0)
      throw fail(
        `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((f) => JSON.stringify(f)).join(', ')}; known: ${FIELDS.join(', ')}`,
      );

    const key = record.key;
    if (typeof key !== 'string' || !KEY_PATTERN.test(key))
      throw fail(
        `key must match ${KEY_PATTERN.source} (e.g. "radgraph_f1"); found ${describe(key)}`,
      );
    // Case-insensitively: keys differing only in case would read as the same metric on a board.
    const clash = [...builtIn, ...Object.keys(METRIC_CATALOG)].find(
      (k) => k.toLowerCase() === key.toLowerCase(),
    );
    if (clash !== undefined)
      throw fail(
        `key "${key}" clashes with the built-in metric ${METRIC_CATALOG[clash]?.label ?? clash} ("${clash}"); choose another key`,
      );
    if (seen.has(key.toLowerCase())) throw fail(`key "${key}" is used by an earlier scorer`);
    seen.add(key.toLowerCase());

    const label = record.label;
    if (typeof label !== 'string' || label.trim() === '' || label.length > 100)
      throw fail(
        `label must be a non-empty string of at most 100 characters; found ${describe(label)}`,
      );
    const url = readUrl(record.url, fail);
    if (typeof record.higherIsBetter !== 'boolean')
      throw fail(`higherIsBetter must be true or false; found ${describe(record.higherIsBetter)}`);
    const range = record.range;
    if (
      !Array.isArray(range) ||
      range.length !== 2 ||
      !range.every((v) => typeof v === 'number' && Number.isFinite(v)) ||
      !(range[0] < range[1])
    ) {
      throw fail(`range must be [low, high] with finite low < high; found ${describe(range)}`);
    }
    const version = record.version;
    if (typeof version !== 'string' || version.trim() === '' || version.length > 100)
      throw fail(
        `version must be a non-empty string of at most 100 characters; found ${describe(version)}`,
      );

    const integer = (field: keyof typeof EXTERNAL_SCORER_DEFAULTS, min: number): number => {
      const value = record[field] ?? EXTERNAL_SCORER_DEFAULTS[field];
      if (
        typeof value !== 'number' ||
        !Number.isInteger(value) ||
        value < min ||
        value > LIMITS[field]
      ) {
        throw fail(
          `${field} must be an integer from ${min} to ${LIMITS[field]}; found ${describe(value)}`,
        );
      }
      return value;
    };
    return {
      key,
      label,
      url,
      higherIsBetter: record.higherIsBetter,
      range: [range[0] as number, range[1] as number],
      version,
      timeoutMs: integer('timeoutMs', 1),
      batchSize: integer('batchSize', 1),
      maxAttempts: integer('maxAttempts', 1),
      retryBaseDelayMs: integer('retryBaseDelayMs', 0),
      concurrency: integer('concurrency', 1),
      totalTimeoutMs: integer('totalTimeoutMs', 1),
    };
  });
}

function readUrl(value: unknown, fail: (message: string) => Error): string {
  if (typeof value !== 'string')
    throw fail(`url must be an absolute http(s) URL; found ${describe(value)}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw fail(`url must be an absolute http(s) URL; found ${describe(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw fail(`url must use http or https; found "${url.protocol}"`);
  // Track configs are shown to curators and may reach other pages; a secret belongs in the network, not the URL.
  if (url.username !== '' || url.password !== '')
    throw fail('url must not contain credentials; restrict the scorer by network instead');
  if (url.hash !== '') throw fail('url must not contain a #fragment');
  return url.href;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
