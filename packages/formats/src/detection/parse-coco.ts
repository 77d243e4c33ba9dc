import type { FileIssue } from '@medrank/core';
import { CsvFormatError, readCsvRecords, type CsvSource } from '../csv/read-csv-records.js';
import { IssueCollector, type ParseResult } from '../csv/issue-collector.js';
import { truncate } from '../csv/parse-number.js';
import { headerIssue, quoteList, readHeader } from '../classification/read-header.js';
import { describeJsonType } from '../jsonl/read-jsonl-records.js';
import { readSourceBytes } from '../binary/read-source-bytes.js';
import { parseFiniteNumber } from '../regression/parse-regression.js';

/** [x1, y1, x2, y2] in pixels, x2 ≥ x1 and y2 ≥ y1 (COCO [x, y, w, h] is converted on reading). */
export type BoxCorners = [number, number, number, number];

export interface LabelledBox {
  categoryId: number;
  bbox: BoxCorners;
}

export interface ScoredBox extends LabelledBox {
  score: number;
}

/** A COCO ground truth: every image is a case (case id = the image id as text), in file order. */
export interface CocoGroundTruth {
  caseIds: string[];
  imageIds: number[];
  categories: { id: number; name: string }[];
  /** Boxes per image, aligned with `caseIds` (an image without annotations has none). */
  boxes: LabelledBox[][];
}

/** Detections per case, aligned with the `caseIds` they were parsed against. */
export interface DetectionPredictions {
  boxes: ScoredBox[][];
  count: number;
}

export interface DetectionLimits {
  /** File size in bytes. Default 256 MiB (the file is parsed as one JSON document). */
  maxFileBytes?: number;
  /** Images of a ground truth. Default 1,000,000. */
  maxImages?: number;
  /** Annotations of a ground truth, or detections of a submission. Default 5,000,000. */
  maxBoxes?: number;
  /** Categories of a ground truth. Default 10,000. */
  maxCategories?: number;
}

export const DEFAULT_DETECTION_LIMITS: Required<DetectionLimits> = {
  maxFileBytes: 256 * 1024 * 1024,
  maxImages: 1_000_000,
  maxBoxes: 5_000_000,
  maxCategories: 10_000,
};

interface Options {
  maxIssues?: number;
  limits?: DetectionLimits;
}

type JsonRead = { ok: true; value: unknown } | { ok: false; issue: FileIssue };

async function readJsonDocument(
  source: CsvSource,
  maxFileBytes: number,
  bytes?: Buffer,
): Promise<JsonRead> {
  let data = bytes;
  if (!data) {
    const read = await readSourceBytes(source, maxFileBytes);
    if (!read.ok)
      return {
        ok: false,
        issue: { message: `the file is ${read.size} bytes; the limit is ${maxFileBytes} bytes` },
      };
    data = read.bytes;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    return { ok: false, issue: { message: 'the file is not UTF-8 text; expected COCO JSON' } };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return {
      ok: false,
      issue: {
        message: `not valid JSON (${error instanceof Error ? truncate(error.message, 160) : String(error)})`,
      },
    };
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return `"${truncate(value)}"`;
  return describeJsonType(value);
}

function readInteger(
  record: Record<string, unknown>,
  field: string,
  where: string,
  issues: IssueCollector,
): number | undefined {
  const value = record[field];
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  issues.add({
    column: `${where}.${field}`,
    message: `${where}.${field}: expected an integer id; found ${value === undefined ? 'no field' : describeValue(value)}`,
  });
  return undefined;
}

/** COCO [x, y, w, h] → corners; an issue for anything but four finite numbers with w, h ≥ 0. */
function readXywh(
  value: unknown,
  where: string,
  issues: IssueCollector,
  caseId?: string,
): BoxCorners | undefined {
  const at = `${where}.bbox`;
  const add = (message: string) =>
    issues.add({
      column: at,
      ...(caseId === undefined ? {} : { caseId }),
      message: `${at}: ${message}`,
    });
  if (!Array.isArray(value) || value.length !== 4) {
    add(
      `expected [x, y, width, height]; found ${Array.isArray(value) ? `an array of ${value.length}` : value === undefined ? 'no field' : describeValue(value)}`,
    );
    return undefined;
  }
  const bad = value.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (bad >= 0) {
    add(`element ${bad} is ${describeValue(value[bad])}; expected finite numbers`);
    return undefined;
  }
  const [x, y, w, h] = value as number[];
  if (w! < 0 || h! < 0) {
    add(`negative size (width ${w}, height ${h}); expected width ≥ 0 and height ≥ 0`);
    return undefined;
  }
  return [x!, y!, x! + w!, y! + h!];
}

function topLevelArray(
  document: Record<string, unknown>,
  field: string,
  issues: IssueCollector,
  max: number,
): unknown[] | undefined {
  const value = document[field];
  if (!Array.isArray(value)) {
    issues.add({
      column: field,
      message: `"${field}": expected an array; found ${value === undefined ? 'no field' : describeJsonType(value)}`,
    });
    return undefined;
  }
  if (value.length > max) {
    issues.add({
      column: field,
      message: `"${field}" has ${value.length} entries; the limit is ${max}`,
    });
    return undefined;
  }
  return value;
}

/**
 * Parses a COCO detection ground truth `{ images, annotations, categories }`: images and
 * categories with unique integer ids (category names default to the id), annotations with a
 * known image_id and category_id and a bbox [x, y, w, h] of finite numbers with w, h ≥ 0,
 * converted to [x1, y1, x2, y2]. Crowd annotations (iscrowd: 1) are refused (the COCO evaluation
 * here has no crowd matching). Other fields (area, segmentation, file_name) are ignored. Every
 * image is a case, with or without annotations. Issues name the entry (`annotations[12].bbox`),
 * the expected and the found value. Never throws for bad content.
 */
export async function parseCocoGroundTruth(
  source: CsvSource,
  { maxIssues = 50, limits = {} }: Options = {},
): Promise<ParseResult<CocoGroundTruth>> {
  const l = { ...DEFAULT_DETECTION_LIMITS, ...limits };
  const issues = new IssueCollector(maxIssues);
  const read = await readJsonDocument(source, l.maxFileBytes);
  if (!read.ok) {
    issues.add(read.issue);
    return issues.fail();
  }
  if (!isRecord(read.value)) {
    issues.add({
      message: `expected a COCO object with "images", "annotations" and "categories"; found ${describeJsonType(read.value)}`,
    });
    return issues.fail();
  }
  const images = topLevelArray(read.value, 'images', issues, l.maxImages);
  const annotations = topLevelArray(read.value, 'annotations', issues, l.maxBoxes);
  const categoryList = topLevelArray(read.value, 'categories', issues, l.maxCategories);
  if (!images || !annotations || !categoryList) return issues.fail();

  const imageIndex = new Map<number, number>();
  const caseIds: string[] = [],
    imageIds: number[] = [];
  images.forEach((image, i) => {
    const where = `images[${i}]`;
    if (!isRecord(image))
      return issues.add({
        column: where,
        message: `${where}: expected an object; found ${describeJsonType(image)}`,
      });
    const id = readInteger(image, 'id', where, issues);
    if (id === undefined) return;
    const first = imageIndex.get(id);
    if (first !== undefined)
      return issues.add({
        column: `${where}.id`,
        caseId: String(id),
        message: `${where}.id: image id ${id} repeats images[${imageIds.indexOf(id)}]`,
      });
    imageIndex.set(id, caseIds.length);
    caseIds.push(String(id));
    imageIds.push(id);
  });
  const categories: { id: number; name: string }[] = [];
  const categoryIds = new Set<number>();
  categoryList.forEach((category, i) => {
    const where = `categories[${i}]`;
    if (!isRecord(category))
      return issues.add({
        column: where,
        message: `${where}: expected an object; found ${describeJsonType(category)}`,
      });
    const id = readInteger(category, 'id', where, issues);
    if (id === undefined) return;
    if (categoryIds.has(id))
      return issues.add({
        column: `${where}.id`,
        message: `${where}.id: category id ${id} appears twice`,
      });
    const name = category.name;
    if (name !== undefined && typeof name !== 'string') {
      return issues.add({
        column: `${where}.name`,
        message: `${where}.name: expected a string; found ${describeValue(name)}`,
      });
    }
    categoryIds.add(id);
    categories.push({
      id,
      name: typeof name === 'string' && name.trim() !== '' ? name : String(id),
    });
  });
  if (caseIds.length === 0 && !issues.hasIssues)
    issues.add({
      column: 'images',
      message: '"images" is empty; a ground truth needs at least one image',
    });
  if (categories.length === 0 && !issues.hasIssues)
    issues.add({
      column: 'categories',
      message: '"categories" is empty; list the categories of the annotations',
    });

  const boxes: LabelledBox[][] = caseIds.map(() => []);
  annotations.forEach((annotation, i) => {
    const where = `annotations[${i}]`;
    if (!isRecord(annotation))
      return issues.add({
        column: where,
        message: `${where}: expected an object; found ${describeJsonType(annotation)}`,
      });
    const imageId = readInteger(annotation, 'image_id', where, issues);
    const categoryId = readInteger(annotation, 'category_id', where, issues);
    if (imageId === undefined || categoryId === undefined) return;
    const image = imageIndex.get(imageId);
    if (image === undefined)
      return issues.add({
        column: `${where}.image_id`,
        message: `${where}.image_id: unknown image id ${imageId} (not in "images")`,
      });
    if (!categoryIds.has(categoryId)) {
      return issues.add({
        column: `${where}.category_id`,
        message: `${where}.category_id: unknown category id ${categoryId}; known: ${quoteList(categories.map((c) => String(c.id)))}`,
      });
    }
    if (annotation.iscrowd === 1 || annotation.iscrowd === true) {
      return issues.add({
        column: `${where}.iscrowd`,
        message: `${where}: crowd annotations (iscrowd: 1) are not supported; drop them or mark them iscrowd: 0`,
      });
    }
    const bbox = readXywh(annotation.bbox, where, issues);
    if (bbox) boxes[image]!.push({ categoryId, bbox });
  });
  if (issues.hasIssues) return issues.fail();
  return { ok: true, value: { caseIds, imageIds, categories, boxes } };
}

/**
 * Parses detections against the cases of a test set (case id = image id as text), as either
 * - COCO results JSON: `[{ image_id, category_id, bbox: [x, y, w, h], score }, …]` (other fields
 *   ignored), or
 * - CSV with the header `image_id,category_id,x1,y1,x2,y2,score` (any column order).
 * The format is told by the first non-blank character (`[` → JSON). Image ids must be cases of
 * the test set; category ids must be in `categoryIds` when given; boxes finite with non-negative
 * size; scores finite. An image without detections is valid (it has none). Issues name the entry
 * or line, the field, and the expected and found values. Never throws for bad content.
 */
export async function parseDetectionPredictions(
  source: CsvSource,
  {
    caseIds,
    categoryIds,
    maxIssues = 50,
    limits = {},
  }: Options & { caseIds: readonly string[]; categoryIds?: readonly number[] | null },
): Promise<ParseResult<DetectionPredictions>> {
  const l = { ...DEFAULT_DETECTION_LIMITS, ...limits };
  const issues = new IssueCollector(maxIssues);
  const read = await readSourceBytes(source, l.maxFileBytes);
  if (!read.ok) {
    issues.add({ message: `the file is ${read.size} bytes; the limit is ${l.maxFileBytes} bytes` });
    return issues.fail();
  }
  const caseIndex = new Map(caseIds.map((id, i) => [id, i]));
  const knownCategories = categoryIds ? new Set(categoryIds) : null;
  const boxes: ScoredBox[][] = caseIds.map(() => []);
  let count = 0;
  const accept = (
    box: ScoredBox,
    imageText: string,
    at: { line?: number; column: string; label: string },
  ): void => {
    const index = caseIndex.get(imageText);
    if (index === undefined) {
      issues.add({
        ...(at.line ? { line: at.line } : {}),
        column: at.column,
        caseId: imageText,
        message: `${at.label}: unknown image_id ${truncate(imageText)} (not an image of this test set)`,
      });
      return;
    }
    if (knownCategories && !knownCategories.has(box.categoryId)) {
      issues.add({
        ...(at.line ? { line: at.line } : {}),
        column: 'category_id',
        caseId: imageText,
        message: `${at.label}: unknown category_id ${box.categoryId}; known: ${quoteList([...knownCategories].map(String))}`,
      });
      return;
    }
    if (++count > l.maxBoxes) {
      if (count === l.maxBoxes + 1)
        issues.add({ message: `more than ${l.maxBoxes} detections; the limit is ${l.maxBoxes}` });
      return;
    }
    boxes[index]!.push(box);
  };

  let first = 0;
  while (
    first < read.bytes.length &&
    (read.bytes[first] === 0x20 ||
      read.bytes[first] === 0x0a ||
      read.bytes[first] === 0x0d ||
      read.bytes[first] === 0x09 ||
      read.bytes[first] === 0xef ||
      read.bytes[first] === 0xbb ||
      read.bytes[first] === 0xbf)
  )
    first++;
  const opening = read.bytes[first];
  if (opening === 0x7b /* { */) {
    issues.add({
      message:
        'expected COCO results: a JSON list [{ image_id, category_id, bbox, score }, …]; found a JSON object (is this a ground-truth file?)',
    });
    return issues.fail();
  }
  if (opening === 0x5b /* [ */) {
    const json = await readJsonDocument(source, l.maxFileBytes, read.bytes);
    if (!json.ok) {
      issues.add(json.issue);
      return issues.fail();
    }
    const entries = json.value as unknown[];
    if (entries.length > l.maxBoxes) {
      issues.add({ message: `${entries.length} detections; the limit is ${l.maxBoxes}` });
      return issues.fail();
    }
    entries.forEach((entry, i) => {
      const where = `[${i}]`;
      if (!isRecord(entry))
        return issues.add({
          column: where,
          message: `${where}: expected an object { image_id, category_id, bbox, score }; found ${describeJsonType(entry)}`,
        });
      const imageId = entry.image_id;
      if (
        !(typeof imageId === 'number' && Number.isSafeInteger(imageId)) &&
        !(typeof imageId === 'string' && imageId.trim() !== '')
      ) {
        return issues.add({
          column: `${where}.image_id`,
          message: `${where}.image_id: expected an image id; found ${imageId === undefined ? 'no field' : describeValue(imageId)}`,
        });
      }
      const caseId = String(imageId).trim();
      const categoryId = readInteger(entry, 'category_id', where, issues);
      const bbox = readXywh(entry.bbox, where, issues, caseId);
      const score = entry.score;
      if (typeof score !== 'number' || !Number.isFinite(score)) {
        return issues.add({
          column: `${where}.score`,
          caseId,
          message: `${where}.score: expected a finite number; found ${score === undefined ? 'no field' : describeValue(score)}`,
        });
      }
      if (categoryId === undefined || !bbox) return;
      accept({ categoryId, bbox, score }, caseId, { column: `${where}.image_id`, label: where });
    });
  } else {
    const columns = ['image_id', 'category_id', 'x1', 'y1', 'x2', 'y2', 'score'];
    let position: Map<string, number> | null = null;
    let width = 0;
    try {
      for await (const { line, fields } of readCsvRecords(bytesOnce(read.bytes))) {
        if (!position) {
          const header = readHeader(fields);
          const issue = headerIssue(columns, header, new Set(columns));
          if (issue) {
            issues.add({ ...issue, message: `${issue.message} (or a COCO results JSON list)` });
            return issues.fail();
          }
          position = header.position;
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
        const cell = (name: string) => fields[position!.get(name)!]!;
        const caseId = cell('image_id').trim();
        const numbers: number[] = [];
        let isValid = true;
        for (const name of columns.slice(1)) {
          const parsed = parseFiniteNumber(cell(name));
          if (!parsed.ok) {
            issues.add({
              line,
              column: name,
              caseId,
              message: `line ${line}, ${name}: ${parsed.message}`,
            });
            isValid = false;
            break;
          }
          numbers.push(parsed.value);
        }
        if (!isValid) continue;
        const [categoryId, x1, y1, x2, y2, score] = numbers as [
          number,
          number,
          number,
          number,
          number,
          number,
        ];
        if (!Number.isSafeInteger(categoryId)) {
          issues.add({
            line,
            column: 'category_id',
            caseId,
            message: `line ${line}, category_id: expected an integer; found ${categoryId}`,
          });
          continue;
        }
        if (x2 < x1 || y2 < y1) {
          issues.add({
            line,
            column: x2 < x1 ? 'x2' : 'y2',
            caseId,
            message: `line ${line}: negative-size box (x1 ${x1}, y1 ${y1}, x2 ${x2}, y2 ${y2}); expected x2 ≥ x1 and y2 ≥ y1`,
          });
          continue;
        }
        if (caseId === '') {
          issues.add({ line, column: 'image_id', message: `line ${line}: empty image_id` });
          continue;
        }
        accept({ categoryId, bbox: [x1, y1, x2, y2], score }, caseId, {
          line,
          column: 'image_id',
          label: `line ${line}`,
        });
      }
    } catch (error) {
      if (error instanceof CsvFormatError) {
        issues.add(error.issue);
        return issues.fail();
      }
      throw error;
    }
    if (!position) {
      issues.add({
        message:
          'the file is empty; expected a COCO results JSON list or a CSV with the header image_id,category_id,x1,y1,x2,y2,score',
      });
    }
  }
  if (issues.hasIssues) return issues.fail();
  return { ok: true, value: { boxes, count } };
}

async function* bytesOnce(bytes: Buffer): AsyncGenerator<Uint8Array> {
  yield bytes;
}
