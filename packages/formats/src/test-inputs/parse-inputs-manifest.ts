import type { FileIssue } from '@medrank/core';
import { CsvFormatError, readCsvRecords } from '../csv/read-csv-records.js';
import { IssueCollector } from '../csv/issue-collector.js';
import { describeJsonType, readJsonlRecords } from '../jsonl/read-jsonl-records.js';
import { TextFileError } from '../text-lines/read-text-lines.js';
import { unsafeEntryName } from '../zip/zip-archive.js';

/**
 * The manifest names a test-inputs zip may carry at its root (exactly one): a CSV, a JSONL, or a
 * COCO document's `images` list (`manifest.coco.json`), so a detection test set's inputs map each
 * COCO image id to its `file_name` without a hand-made manifest.
 */
export const INPUTS_MANIFEST_NAMES = [
  'manifest.csv',
  'manifest.jsonl',
  'manifest.coco.json',
] as const;
export type InputsManifestName = (typeof INPUTS_MANIFEST_NAMES)[number];

/** Where a manifest row is, for messages: `manifest.csv line 4`, `manifest.coco.json images[3]`. */
export function describeManifestRow(name: InputsManifestName, line: number | undefined): string {
  if (line === undefined) return name;
  return name === 'manifest.coco.json' ? `${name} images[${line - 1}]` : `${name} line ${line}`;
}

/** One case of an inputs manifest: its id, the file it reads and its line in the manifest. */
export interface InputsManifestRow {
  /** 1-based line (CSV, JSONL) or entry of the `images` list (COCO); see describeManifestRow. */
  line: number;
  caseId: string;
  /** Path inside the zip, e.g. `images/synpic42202.jpg`; several cases may share one. */
  file: string;
  /**
   * The row's other columns (`question`, `options`, …) as text: a CSV field as written, a JSONL
   * string as is, any other JSON value re-serialised (`["yes","no"]`, `3`, `null`). A JSONL line
   * without a key has no entry for it (a CSV row has every header column).
   */
  columns: Record<string, string>;
}

export type InputsManifest =
  | {
      ok: true;
      rows: InputsManifestRow[];
      /** Every column (CSV header, or the keys met in JSONL), `case_id` and `file` first. */
      columns: string[];
    }
  | { ok: false; issues: FileIssue[]; issueCount: number };

const MAX_ISSUES = 50;
const CASE_ID_MAX_CHARS = 200;

async function* textOf(text: string): AsyncGenerator<string> {
  yield text;
}

/**
 * Parses a test-inputs manifest: CSV with a header `case_id,file[,question,options,…]`, JSONL
 * with `{"case_id", "file", …}` per line (`id` is accepted for `case_id`), or a COCO document
 * whose `images` entries give `id` (the case id, as COCO ground truth names cases) and
 * `file_name` (the file; the entry's other fields, e.g. width and height, are columns); a COCO
 * manifest holding annotations is refused, since they are ground truth. Columns beyond
 * `case_id` and `file` are public case metadata (question text, options, COCO `file_name`) and
 * travel to participants as they are. Checks what the manifest alone can tell: required columns,
 * empty or repeated case ids, and file paths that are not safe relative paths (absolute, `..`,
 * backslashes); whether each file exists is the zip's question (`validateTestInputs`).
 * @example await parseInputsManifest('case_id,file\n1,images/a.png\n', 'manifest.csv')
 */
export async function parseInputsManifest(
  text: string,
  name: InputsManifestName,
): Promise<InputsManifest> {
  const issues = new IssueCollector(MAX_ISSUES);
  const rows: InputsManifestRow[] = [];
  const columns = new Set<string>(['case_id', 'file']);
  const seen = new Map<string, number>();
  const addRow = (
    line: number,
    caseId: string,
    file: string,
    otherColumns: Record<string, string>,
  ) => {
    if (caseId === '') return issues.add({ line, column: 'case_id', message: 'empty case id' });
    if (caseId.length > CASE_ID_MAX_CHARS)
      return issues.add({
        line,
        column: 'case_id',
        message: `the case id has ${caseId.length} characters; at most ${CASE_ID_MAX_CHARS}`,
      });
    const first = seen.get(caseId);
    if (first !== undefined)
      return issues.add({
        line,
        caseId,
        column: 'case_id',
        message: `case id "${caseId}" repeats ${name === 'manifest.coco.json' ? `images[${first - 1}]` : `line ${first}`}; each case has one row`,
      });
    seen.set(caseId, line);
    if (file === '')
      return issues.add({
        line,
        caseId,
        column: 'file',
        message: 'empty file; expected the path of the case’s file inside the zip',
      });
    const unsafe = unsafeEntryName(file);
    if (unsafe)
      return issues.add({
        line,
        caseId,
        column: 'file',
        message: `"${file.slice(0, 120)}": ${unsafe}; expected a relative path inside the zip such as "images/case_001.png"`,
      });
    rows.push({ line, caseId, file, columns: otherColumns });
  };
  try {
    if (name === 'manifest.coco.json') readCocoImages(text, issues, columns, addRow);
    else if (name === 'manifest.csv') {
      let header: string[] | null = null;
      let caseIdAt = -1;
      let fileAt = -1;
      for await (const { line, fields } of readCsvRecords(textOf(text))) {
        if (!header) {
          header = fields.map((f) => f.trim().replace(/^\uFEFF/, ''));
          caseIdAt = header.indexOf('case_id');
          fileAt = header.indexOf('file');
          if (caseIdAt < 0 || fileAt < 0) {
            issues.add({
              line,
              message: `the header is "${header.join(',').slice(0, 200)}"; expected it to name case_id and file, e.g. "case_id,file,question"`,
            });
            break;
          }
          const repeated = header.find((c, i) => c === '' || header!.indexOf(c) !== i);
          if (repeated !== undefined)
            issues.add({
              line,
              message:
                repeated === ''
                  ? 'the header has an empty column name'
                  : `the header names "${repeated}" twice`,
            });
          for (const c of header) columns.add(c);
          continue;
        }
        if (fields.length !== header.length) {
          issues.add({
            line,
            message: `${fields.length} fields; the header has ${header.length}`,
          });
          continue;
        }
        // fromEntries defines own properties, so a column named `__proto__` stays a column.
        const otherColumns = Object.fromEntries(
          header
            .map((column, i) => [column, fields[i]!] as const)
            .filter((_, i) => i !== caseIdAt && i !== fileAt),
        );
        addRow(line, fields[caseIdAt]!.trim(), fields[fileAt]!.trim(), otherColumns);
      }
      if (!header) issues.add({ message: 'the manifest is empty; expected a header case_id,file' });
    } else {
      for await (const record of readJsonlRecords(textOf(text))) {
        if (record.error !== undefined) {
          issues.add({ line: record.line, message: record.error });
          continue;
        }
        const { line, value } = record;
        const id = value.case_id ?? value.id;
        if (typeof id !== 'string' && typeof id !== 'number') {
          issues.add({
            line,
            column: 'case_id',
            message: `case_id is ${describeJsonType(id)}; expected a string`,
          });
          continue;
        }
        if (typeof value.file !== 'string') {
          issues.add({
            line,
            caseId: String(id),
            column: 'file',
            message: `file is ${describeJsonType(value.file)}; expected the path of the case’s file inside the zip`,
          });
          continue;
        }
        for (const key of Object.keys(value)) if (key !== 'id') columns.add(key);
        const otherColumns = Object.fromEntries(
          Object.entries(value)
            .filter(([key]) => key !== 'id' && key !== 'case_id' && key !== 'file')
            .map(([key, field]) => [
              key,
              typeof field === 'string' ? field : JSON.stringify(field),
            ]),
        );
        addRow(line, String(id).trim(), value.file.trim(), otherColumns);
      }
      if (rows.length === 0 && !issues.hasIssues)
        issues.add({ message: 'the manifest has no case; expected one JSON object per line' });
    }
  } catch (error) {
    if (error instanceof CsvFormatError || error instanceof TextFileError) {
      issues.add(error.issue);
    } else throw error;
  }
  if (issues.hasIssues) return { ok: false, issues: issues.issues, issueCount: issues.count };
  return { ok: true, rows, columns: [...columns] };
}

/**
 * The `images` list of a COCO document as manifest rows: entry i is "line" i + 1, its `id` the
 * case id and its `file_name` the file; other fields become columns. Refuses a document whose
 * `annotations` (or `segments_info`) hold anything: a public inputs zip carrying them would
 * publish the ground truth.
 */
function readCocoImages(
  text: string,
  issues: IssueCollector,
  columns: Set<string>,
  addRow: (line: number, caseId: string, file: string, other: Record<string, string>) => void,
): void {
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    issues.add({
      message: `not valid JSON (${error instanceof Error ? error.message : String(error)}); expected a COCO object with an "images" list`,
    });
    return;
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    issues.add({
      message: `expected a COCO object with an "images" list; found ${describeJsonType(document)}`,
    });
    return;
  }
  const record = document as Record<string, unknown>;
  for (const truthKey of ['annotations', 'segments_info'])
    if (Array.isArray(record[truthKey]) && (record[truthKey] as unknown[]).length > 0) {
      issues.add({
        column: truthKey,
        message: `"${truthKey}" holds ${(record[truthKey] as unknown[]).length} ${(record[truthKey] as unknown[]).length === 1 ? 'entry' : 'entries'}: they are ground truth, and test inputs may be published; keep only "images" (and "categories") in manifest.coco.json`,
      });
      return;
    }
  const images = record.images;
  if (!Array.isArray(images) || images.length === 0) {
    issues.add({
      column: 'images',
      message: `"images": expected a non-empty list of { "id", "file_name" }; found ${Array.isArray(images) ? 'an empty list' : describeJsonType(images)}`,
    });
    return;
  }
  images.forEach((image: unknown, i) => {
    const line = i + 1;
    const where = `images[${i}]`;
    if (typeof image !== 'object' || image === null || Array.isArray(image))
      return issues.add({
        line,
        column: where,
        message: `${where}: expected an object { "id", "file_name" }; found ${describeJsonType(image)}`,
      });
    const entry = image as Record<string, unknown>;
    const id = entry.id;
    if (!(typeof id === 'number' && Number.isInteger(id)) && typeof id !== 'string')
      return issues.add({
        line,
        column: `${where}.id`,
        message: `${where}.id is ${describeJsonType(id)}; expected the image id (an integer, the case id of the COCO ground truth)`,
      });
    if (typeof entry.file_name !== 'string')
      return issues.add({
        line,
        caseId: String(id),
        column: `${where}.file_name`,
        message: `${where}.file_name is ${describeJsonType(entry.file_name)}; expected the image's path inside the zip`,
      });
    for (const key of Object.keys(entry)) if (key !== 'id' && key !== 'file_name') columns.add(key);
    const other = Object.fromEntries(
      Object.entries(entry)
        .filter(([key]) => key !== 'id' && key !== 'file_name')
        .map(([key, field]) => [key, typeof field === 'string' ? field : JSON.stringify(field)]),
    );
    addRow(line, String(id).trim(), entry.file_name.trim(), other);
  });
}
