import type { CsvSource } from '../csv/read-csv-records.js';
import { IssueCollector, type ParseResult } from '../csv/issue-collector.js';
import { CaseClaims } from '../cases/case-ids.js';
import { readZipEntries, ZipFormatError, type ZipLimits } from '../zip/read-zip-entries.js';
import type { LabelImage, LabelImageLimits } from './label-image.js';
import { readNiftiLabels } from './read-nifti-labels.js';
import { readPngLabels } from './read-png-labels.js';

export type MaskFormat = 'nifti' | 'png';

/** Masks of an archive by case; arrays aligned (file order, or `caseIds` order when given). */
export interface MaskArchive {
  caseIds: string[];
  masks: LabelImage[];
  formats: MaskFormat[];
}

export interface MaskArchiveOptions {
  maxIssues?: number;
  limits?: ZipLimits & LabelImageLimits;
  /** Spacing given to PNG masks (they carry none). Default [1, 1]. */
  pngSpacingMm?: readonly [number, number];
  /** Labels a mask may contain besides 0; anything else is an issue. Default: any. */
  allowedLabels?: readonly number[];
  /** Predictions: the cases of the test set; every case exactly once, unknown ones refused. */
  caseIds?: readonly string[];
}

const MASK_NAME = /^(.+?)\.(nii\.gz|nii|png)$/i;

/**
 * Reads a zip of label masks named `<case_id>.nii`, `<case_id>.nii.gz` or `<case_id>.png` (a
 * folder prefix is allowed and ignored: the case id is the file name without its extension)
 * through {@link readZipEntries}, so every archive limit and zip-bomb/traversal check applies.
 * Each mask is read with {@link readNiftiLabels} or {@link readPngLabels}. Issues name the entry
 * and case: a name that is not a mask file, a case given twice (also as two formats), an
 * unreadable mask, a label outside `allowedLabels`, and with `caseIds` unknown and missing cases.
 * Never throws for bad content.
 */
export async function parseMaskArchive(
  source: CsvSource | Uint8Array,
  options: MaskArchiveOptions = {},
): Promise<ParseResult<MaskArchive>> {
  const { maxIssues = 50, limits = {}, pngSpacingMm = [1, 1], allowedLabels, caseIds } = options;
  const issues = new IssueCollector(maxIssues);
  const claims = caseIds ? new CaseClaims(caseIds, issues) : null;
  const allowed = allowedLabels ? new Set([0, ...allowedLabels]) : null;
  const byCase = new Map<string, { entry: number; mask: LabelImage; format: MaskFormat }>();
  const order: string[] = [];
  try {
    for await (const { index, name, bytes } of readZipEntries(source, { limits, issues })) {
      const base = name.slice(name.lastIndexOf('/') + 1);
      const match = MASK_NAME.exec(base);
      const label = `entry ${index} "${name.length > 80 ? `${name.slice(0, 77)}...` : name}"`;
      if (!match) {
        issues.add({
          line: index,
          column: name,
          message: `${label}: expected a mask named <case_id>.nii, <case_id>.nii.gz or <case_id>.png`,
        });
        continue;
      }
      const caseId = match[1]!;
      const previous = byCase.get(caseId);
      if (previous) {
        issues.add({
          line: index,
          column: name,
          caseId,
          message: `${label}: case "${caseId}" already has a mask (entry ${previous.entry}); give each case one file`,
        });
        continue;
      }
      if (claims && claims.claim(caseId, index, 'case') === undefined) continue;
      const format: MaskFormat = match[2]!.toLowerCase() === 'png' ? 'png' : 'nifti';
      const read =
        format === 'png'
          ? readPngLabels(bytes, { ...limits, spacingMm: pngSpacingMm })
          : readNiftiLabels(bytes, limits);
      if (!read.ok) {
        issues.add({
          line: index,
          column: name,
          caseId,
          message: `${label} (case "${caseId}"): ${read.message}`,
        });
        continue;
      }
      if (allowed) {
        const stray = firstStrayLabel(read.value.data, allowed);
        if (stray !== null) {
          issues.add({
            line: index,
            column: name,
            caseId,
            message: `${label} (case "${caseId}"): contains label ${stray}, which is not in the label map (${[...allowed].filter((l) => l !== 0).join(', ')}; 0 is background)`,
          });
          continue;
        }
      }
      byCase.set(caseId, { entry: index, mask: read.value, format });
      order.push(caseId);
    }
  } catch (error) {
    if (error instanceof ZipFormatError) {
      issues.add(error.issue);
      return issues.fail();
    }
    throw error;
  }
  if (claims) claims.reportMissing('mask');
  else if (order.length === 0 && !issues.hasIssues)
    issues.add({
      message: 'the archive holds no masks; expected <case_id>.nii.gz / .nii / .png files',
    });
  if (issues.hasIssues) return issues.fail();
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
