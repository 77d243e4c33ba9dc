import {
  formatBytes,
  type FileIssue,
  type MemoryBudget,
  type MemoryReservation,
} from '@medrank/core';
import { readAllChunks } from '../binary/byte-stream.js';
import type { CsvSource } from '../csv/read-csv-records.js';
import { IssueCollector, type ParseResult } from '../csv/issue-collector.js';
import { CaseClaims } from '../cases/case-ids.js';
import {
  ZipArchive,
  ZipFormatError,
  type ZipEntryHandle,
  type ZipLimits,
} from '../zip/zip-archive.js';
import { describeShape, type LabelImage, type LabelImageLimits } from './label-image.js';
import {
  niftiDecodeScratchBytes,
  readNiftiHeaderFromChunks,
  readNiftiLabelsFromChunks,
} from './read-nifti-labels.js';
import {
  pngDecodeScratchBytes,
  readPngHeaderFromChunks,
  readPngLabels,
} from './read-png-labels.js';

export type MaskFormat = 'nifti' | 'png';

/** Masks of an archive by case; arrays aligned (file order, or `caseIds` order when given). */
export interface MaskArchive {
  caseIds: string[];
  masks: LabelImage[];
  formats: MaskFormat[];
}

export interface MaskArchiveOptions {
  maxIssues?: number;
  /** Archive limits, and per mask: `maxVoxels` (the track's maximum volume), `maxDecompressedBytes`. */
  limits?: ZipLimits & LabelImageLimits;
  /** Spacing given to PNG masks (they carry none). Default [1, 1]. */
  pngSpacingMm?: readonly [number, number];
  /** Labels a mask may contain besides 0; anything else is an issue. Default: any. */
  allowedLabels?: readonly number[];
  /** Predictions: the cases of the test set; every case exactly once, unknown ones refused. */
  caseIds?: readonly string[];
  /**
   * Shape (C order, as {@link LabelImage}) each case's mask must have, where known: for
   * predictions, the ground truth's, which is the geometry of the case's public image. Checked
   * from the mask's header, before its voxels are inflated.
   */
  expectedShapes?: ReadonlyMap<string, readonly number[]>;
  /**
   * The job's memory budget: every decoded mask is reserved against it before it is decoded, and
   * an archive whose masks do not fit fails with one issue before any is decoded. The masks of a
   * successful read stay reserved (the caller holds them) until the budget is discarded.
   */
  memoryBudget?: MemoryBudget;
}

const MASK_NAME = /^(.+?)\.(nii\.gz|nii|png)$/i;

/** An entry whose name and header passed: what decoding it will hold and need. */
interface PlannedMask {
  entry: ZipEntryHandle;
  label: string;
  caseId: string;
  format: MaskFormat;
  /** Most bytes its label array will take. */
  decodedBytes: number;
  /** Bytes decoding it allocates besides the label array. */
  scratchBytes: number;
}

const entryLabel = (index: number, name: string) =>
  `entry ${index} "${name.length > 80 ? `${name.slice(0, 77)}...` : name}"`;

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Reads a zip of label masks named `<case_id>.nii`, `<case_id>.nii.gz` or `<case_id>.png` (a
 * folder prefix is allowed and ignored: the case id is the file name without its extension)
 * through {@link ZipArchive}, so every archive limit and zip-bomb/traversal check applies.
 *
 * Two passes, so nothing large is inflated before it has been checked:
 * 1. names, and each mask's header only (NIfTI-1: the 348 header bytes, through the gzip layer of
 *    a .nii.gz; PNG: signature and IHDR): magic, datatype or bit depth, dimensions against
 *    `maxVoxels` and against the case's expected shape, and the bytes the image implies;
 * 2. with the decoded size of every mask known and reserved against `memoryBudget`, each mask is
 *    decoded (NIfTI streamed straight into its label array, stopping at the size its header
 *    declares; PNG via {@link readPngLabels}) and its labels checked.
 * Issues name the entry and case, in entry order: a name that is not a mask file, a case given
 * twice (also as two formats), a bad header or shape, an unreadable mask, a label outside
 * `allowedLabels`, with `caseIds` unknown and missing cases, and an archive whose masks exceed the
 * memory budget. Never throws for bad content.
 */
export async function parseMaskArchive(
  source: CsvSource | Uint8Array,
  options: MaskArchiveOptions = {},
): Promise<ParseResult<MaskArchive>> {
  const {
    maxIssues = 50,
    limits = {},
    pngSpacingMm = [1, 1],
    allowedLabels,
    caseIds,
    expectedShapes,
    memoryBudget,
  } = options;
  // Pass 2 finds problems in entries that come before pass-1 problems: collect everything, then
  // report in entry order (issues without an entry, such as missing cases, last).
  const found = new IssueCollector(Number.MAX_SAFE_INTEGER);
  const claims = caseIds ? new CaseClaims(caseIds, found) : null;
  const allowed = allowedLabels ? new Set([0, ...allowedLabels]) : null;
  const byCase = new Map<string, { mask: LabelImage; format: MaskFormat }>();
  const order: string[] = [];
  let reservation: MemoryReservation | undefined;

  const finish = (extra: FileIssue[] = []): ParseResult<never> => {
    reservation?.release();
    const issues = new IssueCollector(maxIssues);
    const sorted = found.issues
      .map((issue, at) => ({ issue, at }))
      .sort(
        (a, b) =>
          (a.issue.line ?? Number.POSITIVE_INFINITY) - (b.issue.line ?? Number.POSITIVE_INFINITY) ||
          a.at - b.at,
      );
    for (const { issue } of sorted) issues.add(issue);
    for (const issue of extra) issues.add(issue);
    return issues.fail();
  };

  let archive: ZipArchive | undefined;
  try {
    archive = await ZipArchive.open(source, { limits, issues: found });
    const planned = await planMasks(archive, { limits, expectedShapes, claims, issues: found });

    const decodedBytes = planned.reduce((sum, p) => sum + p.decodedBytes, 0);
    const scratchBytes = planned.reduce((most, p) => Math.max(most, p.scratchBytes), 0);
    if (memoryBudget) {
      if (decodedBytes + scratchBytes > memoryBudget.availableBytes)
        return finish([{ message: budgetMessage(decodedBytes, scratchBytes, memoryBudget) }]);
      reservation = memoryBudget.reserve(decodedBytes, "the archive's masks");
    }

    for (const p of planned) {
      const scratch = memoryBudget?.reserve(p.scratchBytes, `decoding ${p.label}`);
      let read;
      try {
        read =
          p.format === 'png'
            ? readPngLabels(await readAllChunks(p.entry.chunks()), {
                ...limits,
                spacingMm: pngSpacingMm,
              })
            : await readNiftiLabelsFromChunks(p.entry.chunks(), limits);
      } finally {
        scratch?.release();
      }
      const issue = (message: string) =>
        found.add({
          line: p.entry.index,
          column: p.entry.name,
          caseId: p.caseId,
          message: `${p.label} (case "${p.caseId}"): ${message}`,
        });
      if (!read.ok) {
        reservation?.shrinkTo(reservation.bytes - p.decodedBytes);
        issue(read.message);
        continue;
      }
      // A wide type whose labels all fit in a byte is stored as uint8: keep only what is held.
      reservation?.shrinkTo(reservation.bytes - (p.decodedBytes - read.value.data.byteLength));
      if (allowed) {
        const stray = firstStrayLabel(read.value.data, allowed);
        if (stray !== null) {
          reservation?.shrinkTo(reservation.bytes - read.value.data.byteLength);
          issue(
            `contains label ${stray}, which is not in the label map (${[...allowed].filter((l) => l !== 0).join(', ')}; 0 is background)`,
          );
          continue;
        }
      }
      byCase.set(p.caseId, { mask: read.value, format: p.format });
      order.push(p.caseId);
    }
  } catch (error) {
    if (error instanceof ZipFormatError) return finish([error.issue]);
    reservation?.release();
    throw error;
  } finally {
    archive?.close();
  }
  if (claims) claims.reportMissing('mask');
  else if (order.length === 0 && !found.hasIssues)
    found.add({
      message: 'the archive holds no masks; expected <case_id>.nii.gz / .nii / .png files',
    });
  if (found.hasIssues) return finish();
  const ids = caseIds ? [...caseIds] : order;
  return {
    ok: true,
    value: {
      caseIds: ids,
      masks: ids.map((id) => byCase.get(id)!.mask),
      formats: ids.map((id) => byCase.get(id)!.format),
    },
  };
}

/** Pass 1: entry names, case claims and mask headers; inflates a few hundred bytes per entry. */
async function planMasks(
  archive: ZipArchive,
  {
    limits,
    expectedShapes,
    claims,
    issues,
  }: {
    limits: LabelImageLimits;
    expectedShapes: ReadonlyMap<string, readonly number[]> | undefined;
    claims: CaseClaims | null;
    issues: IssueCollector;
  },
): Promise<PlannedMask[]> {
  const firstEntryOfCase = new Map<string, number>();
  const planned: PlannedMask[] = [];
  for await (const entry of archive.entries()) {
    const { index, name } = entry;
    const base = name.slice(name.lastIndexOf('/') + 1);
    const match = MASK_NAME.exec(base);
    const label = entryLabel(index, name);
    if (!match) {
      issues.add({
        line: index,
        column: name,
        message: `${label}: expected a mask named <case_id>.nii, <case_id>.nii.gz or <case_id>.png`,
      });
      continue;
    }
    const caseId = match[1]!;
    const previous = firstEntryOfCase.get(caseId);
    if (previous !== undefined) {
      issues.add({
        line: index,
        column: name,
        caseId,
        message: `${label}: case "${caseId}" already has a mask (entry ${previous}); give each case one file`,
      });
      continue;
    }
    firstEntryOfCase.set(caseId, index);
    if (claims && claims.claim(caseId, index, 'case') === undefined) continue;
    const issue = (message: string) =>
      issues.add({
        line: index,
        column: name,
        caseId,
        message: `${label} (case "${caseId}"): ${message}`,
      });
    const format: MaskFormat = match[2]!.toLowerCase() === 'png' ? 'png' : 'nifti';
    let plan: { shape: readonly number[]; decodedBytes: number; scratchBytes: number } | string;
    if (format === 'png') {
      const header = await readPngHeaderFromChunks(entry.chunks(), limits);
      plan = header.ok
        ? {
            shape: header.value.shape,
            decodedBytes: header.value.decodedBytes,
            scratchBytes: pngDecodeScratchBytes(header.value, entry.declaredBytes),
          }
        : header.message;
    } else {
      const header = await readNiftiHeaderFromChunks(entry.chunks(), limits);
      plan = header.ok
        ? {
            shape: header.value.shape,
            decodedBytes: header.value.decodedBytes,
            scratchBytes: niftiDecodeScratchBytes(header.value),
          }
        : header.message;
    }
    if (typeof plan === 'string') {
      issue(plan);
      continue;
    }
    const expected = expectedShapes?.get(caseId);
    if (expected && !sameShape(expected, plan.shape)) {
      issue(
        `the header declares ${describeShape(plan.shape)}; this case's mask must be ${describeShape(expected)} (${expected.length === 3 ? 'x×y×z' : 'width×height'}), the shape of its image`,
      );
      continue;
    }
    planned.push({
      entry,
      label,
      caseId,
      format,
      decodedBytes: plan.decodedBytes,
      scratchBytes: plan.scratchBytes,
    });
  }
  return planned;
}

function budgetMessage(decodedBytes: number, scratchBytes: number, budget: MemoryBudget): string {
  const need =
    decodedBytes <= budget.availableBytes
      ? `need ${formatBytes(decodedBytes)} decoded, plus ${formatBytes(scratchBytes)} while decoding the largest`
      : `need ${formatBytes(decodedBytes)} decoded`;
  const limit =
    budget.availableBytes === budget.limitBytes
      ? `the limit per submission is ${formatBytes(budget.limitBytes)}`
      : `${formatBytes(budget.availableBytes)} of the ${formatBytes(budget.limitBytes)} memory limit per job is left for them`;
  return `the archive's masks ${need}; ${limit} (send fewer or smaller masks)`;
}

function firstStrayLabel(
  data: Uint8Array | Uint16Array,
  allowed: ReadonlySet<number>,
): number | null {
  let last = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v === last) continue;
    if (!allowed.has(v)) return v;
    last = v;
  }
  return null;
}
