import type { FileIssue } from '@medrank/core';
import {
  INPUTS_MANIFEST_NAMES,
  IssueCollector,
  parseInputsManifest,
  ZipArchive,
  ZipFormatError,
  type CsvSource,
  type InputsManifestName,
  type ZipLimits,
} from '@medrank/formats';
import type { testInputs } from '@medrank/db';

const MAX_ISSUES = 50;
/** A manifest is text with a row per case; 32 MiB is far above any test set's. */
const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;

export type TestInputsValidation =
  | { ok: true; preview: testInputs.TestInputsPreview }
  | { ok: false; error: testInputs.TestInputsUploadError };

const isManifestName = (name: string): name is InputsManifestName =>
  (INPUTS_MANIFEST_NAMES as readonly string[]).includes(name);

function failed(issues: FileIssue[], issueCount: number): TestInputsValidation {
  const n = issueCount === 1 ? '1 problem' : `${issueCount} problems`;
  return { ok: false, error: { message: `the inputs have ${n}`, issues, issueCount } };
}

/**
 * Checks a test set's inputs: a zip holding its files and, at its root, `manifest.csv`,
 * `manifest.jsonl` or `manifest.coco.json` mapping each case id to a file (`parseInputsManifest`). Every entry is
 * inflated once, with the zip limits of @medrank/formats (entries, sizes, ratio: a bomb stops at
 * the limit) and its name checks (absolute paths, `..`, symlinks). Then: every case of the test
 * set's ground truth has a row, no row names an unknown case, every file a row names is in the
 * zip, and the zip holds no file the manifest does not name. Issues name the manifest line, the
 * case id or the entry, and what was expected; the preview holds counts only.
 */
export async function validateTestInputs({
  source,
  caseIds,
  limits = {},
}: {
  source: CsvSource | Uint8Array;
  /** The test set's case ids (public: `cases`), from its applied ground truth. */
  caseIds: readonly string[];
  limits?: ZipLimits;
}): Promise<TestInputsValidation> {
  const issues = new IssueCollector(MAX_ISSUES);
  if (caseIds.length === 0)
    return failed(
      [{ message: 'the test set has no cases yet; upload and confirm its ground truth first' }],
      1,
    );
  const fileBytes = new Map<string, number>();
  const manifests: { name: InputsManifestName; text: string }[] = [];
  let archive: ZipArchive | null = null;
  try {
    archive = await ZipArchive.open(source, { limits, issues });
    for await (const entry of archive.entries()) {
      if (isManifestName(entry.name)) {
        if (entry.declaredBytes > MAX_MANIFEST_BYTES) {
          issues.add({
            line: entry.index,
            column: entry.name,
            message: `${entry.name} declares ${entry.declaredBytes} bytes; a manifest may have at most ${MAX_MANIFEST_BYTES}`,
          });
          continue;
        }
        const chunks: Buffer[] = [];
        for await (const chunk of entry.chunks()) chunks.push(chunk);
        manifests.push({ name: entry.name, text: Buffer.concat(chunks).toString('utf8') });
        continue;
      }
      let bytes = 0;
      for await (const chunk of entry.chunks()) bytes += chunk.length;
      fileBytes.set(entry.name, bytes);
    }
  } catch (error) {
    if (error instanceof ZipFormatError) {
      issues.add(error.issue);
      return failed(issues.issues, issues.count);
    }
    throw error;
  } finally {
    archive?.close();
  }
  if (issues.hasIssues) return failed(issues.issues, issues.count);
  if (manifests.length !== 1)
    return failed(
      [
        {
          message:
            manifests.length === 0
              ? `the zip has no ${INPUTS_MANIFEST_NAMES.join(', ').replace(/, ([^,]+)$/, ' or $1')} at its root; expected one mapping case_id to file`
              : `the zip has ${manifests.map((m) => m.name).join(' and ')} at its root; keep one`,
        },
      ],
      1,
    );
  const { name: manifestName, text } = manifests[0]!;
  const manifest = await parseInputsManifest(text, manifestName);
  if (!manifest.ok) return failed(manifest.issues, manifest.issueCount);

  const known = new Set(caseIds);
  const covered = new Set<string>();
  const named = new Set<string>();
  for (const row of manifest.rows) {
    if (!known.has(row.caseId)) {
      issues.add({
        line: row.line,
        caseId: row.caseId,
        column: 'case_id',
        message: `unknown case id "${row.caseId}"; expected one of the test set's ${known.size} case ids`,
      });
      continue;
    }
    covered.add(row.caseId);
    if (!fileBytes.has(row.file)) {
      issues.add({
        line: row.line,
        caseId: row.caseId,
        column: 'file',
        message: `"${row.file.slice(0, 200)}" is not in the zip; expected the path of a file inside it`,
      });
      continue;
    }
    named.add(row.file);
  }
  for (const caseId of caseIds)
    if (!covered.has(caseId))
      issues.add({
        caseId,
        message: `case "${caseId}" of the test set's ground truth has no row in ${manifestName}`,
      });
  for (const name of fileBytes.keys())
    if (!named.has(name))
      issues.add({
        column: name.slice(0, 200),
        message: `"${name.slice(0, 200)}" is in the zip but no manifest row names it; remove it or add its case`,
      });
  if (issues.hasIssues) return failed(issues.issues, issues.count);
  let inputBytes = 0;
  for (const name of named) inputBytes += fileBytes.get(name)!;
  return {
    ok: true,
    preview: {
      caseCount: manifest.rows.length,
      fileCount: named.size,
      inputBytes,
      manifestName,
      manifestColumns: manifest.columns,
    },
  };
}
