import { truncate } from '../csv/parse-number.js';
import {
  readTextLines,
  type TextLineLimits,
  type TextSource,
} from '../text-lines/read-text-lines.js';

export type JsonlLimits = TextLineLimits;

/** One JSONL line: its parsed object, or why it is not one. */
export type JsonlRecord =
  | { line: number; value: Record<string, unknown>; error?: undefined }
  | { line: number; value?: undefined; error: string };

/**
 * Streams the records of a JSON Lines file (one JSON object per line, https://jsonlines.org) with
 * the limits and file-level errors of `readTextLines` (a `TextFileError` stops reading). A line
 * that is not valid JSON, or valid JSON but not an object, is yielded as an `error` with its
 * line number so that a parser can report every bad line and keep going. Blank lines are skipped.
 * @example for await (const { line, value, error } of readJsonlRecords('/tmp/predictions.jsonl')) { … }
 */
export async function* readJsonlRecords(
  source: TextSource,
  limits: JsonlLimits = {},
): AsyncGenerator<JsonlRecord> {
  for await (const { line, text } of readTextLines(source, limits)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const detail = error instanceof SyntaxError ? error.message : 'unreadable';
      yield {
        line,
        error: `line ${line} is not valid JSON (${truncate(detail, 120)}); expected one JSON object per line`,
      };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const found =
        value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
      yield { line, error: `line ${line} is ${found}; expected a JSON object such as {"id": …}` };
      continue;
    }
    yield { line, value: value as Record<string, unknown> };
  }
}

/** Short description of a JSON value's type for messages ("a number", "an array", "null"). */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}
