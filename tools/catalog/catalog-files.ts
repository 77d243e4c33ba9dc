// Shared helpers of the catalog converters (tools/catalog/convert-*.ts): where the source data
// and the catalog live, reading the sources' CSVs, and writing MedRank's own formats.
// The converters run once by hand (`npx tsx tools/catalog/convert-all.ts`); their output in
// data/catalog/ is committed, so the product and its seed never need ../shared/data.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsvRecords } from '@medrank/formats';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The shared source data: `--source <dir>`, else $SHARED_DATA_DIR, else ../shared/data beside the clone. */
export function sourceDataDir(argv: readonly string[] = process.argv.slice(2)): string {
  const flag = argv.indexOf('--source');
  if (flag !== -1 && argv[flag + 1]) return path.resolve(argv[flag + 1]!);
  return process.env.SHARED_DATA_DIR ?? path.resolve(REPO_ROOT, '../shared/data');
}

export function catalogDir(slug: string): string {
  return path.join(REPO_ROOT, 'data/catalog', slug);
}

/** One CSV record with its 1-based line and fields by header name. */
export interface SourceRow {
  line: number;
  fields: string[];
  get(column: string): string;
}

/**
 * Reads a source CSV whose records all have the header's width.
 * @throws {Error} naming the file and line of a record of another width.
 */
export async function readSourceCsv(
  file: string,
  { repair }: { repair?: (fields: string[], header: string[]) => string[] | null } = {},
): Promise<{ header: string[]; rows: SourceRow[] }> {
  let header: string[] | null = null;
  const rows: SourceRow[] = [];
  for await (const record of readCsvRecords(file)) {
    if (!header) {
      header = record.fields.map((f) => f.trim());
      continue;
    }
    const columns = header;
    let fields = record.fields;
    if (fields.length !== columns.length) {
      const repaired = repair?.(fields, columns) ?? null;
      if (!repaired || repaired.length !== columns.length) {
        throw new Error(
          `${file} line ${record.line}: ${fields.length} fields, the header has ${columns.length}`,
        );
      }
      fields = repaired;
    }
    const row = fields;
    rows.push({
      line: record.line,
      fields: row,
      get(column) {
        const index = columns.indexOf(column);
        if (index === -1) throw new Error(`${file}: no column "${column}"`);
        return row[index]!;
      },
    });
  }
  if (!header) throw new Error(`${file}: empty file`);
  return { header, rows };
}

/** Columns of MedRank's long-format reported results, in the order the catalog writes them. */
export const REPORTED_COLUMNS = [
  'model',
  'institution',
  'date',
  'test_set',
  'section',
  'metric',
  'value',
  'source_link',
  'track',
  'dimension',
  'category',
  'model_url',
  'model_group',
  'parameters',
  'open_weights',
  'baseline',
] as const;

export type ReportedRow = Partial<Record<(typeof REPORTED_COLUMNS)[number], string>> & {
  model: string;
  test_set: string;
  metric: string;
  value: string;
};

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function writeReportedCsv(file: string, rows: readonly ReportedRow[]): void {
  const lines = [REPORTED_COLUMNS.join(',')];
  for (const row of rows) lines.push(REPORTED_COLUMNS.map((c) => csvField(row[c] ?? '')).join(','));
  writeOutput(file, lines.join('\n') + '\n');
}

export function writeCsv(file: string, header: readonly string[], rows: readonly string[][]): void {
  const lines = [header.map(csvField).join(','), ...rows.map((r) => r.map(csvField).join(','))];
  writeOutput(file, lines.join('\n') + '\n');
}

export function writeJsonl(file: string, records: readonly unknown[]): void {
  writeOutput(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

function writeOutput(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`wrote ${path.relative(REPO_ROOT, file)}`);
}

/**
 * A published decimal divided by 100, as exact decimal text ("53.96" → "0.5396"): percentages go
 * into MedRank's 0–1 accuracy columns without binary floating-point noise in the committed file.
 */
export function percentToFraction(text: string, where: string): string {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`${where}: "${text}" is not a non-negative decimal`);
  const digits = (match[1]! + (match[2] ?? '')).replace(/^0+/, '');
  const decimals = (match[2] ?? '').length + 2;
  const padded = digits.padStart(decimals + 1, '0');
  const whole = padded.slice(0, padded.length - decimals);
  const fraction = padded.slice(padded.length - decimals).replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

/** A value as published, checked to be a finite number. */
export function publishedNumber(text: string, where: string): string {
  const trimmed = text.trim();
  if (trimmed === '' || !Number.isFinite(Number(trimmed))) {
    throw new Error(`${where}: "${text}" is not a number`);
  }
  return trimmed;
}
