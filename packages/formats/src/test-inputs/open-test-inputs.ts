import { existsSync } from 'node:fs';
import { IssueCollector } from '../csv/issue-collector.js';
import {
  ZipArchive,
  ZipFormatError,
  type ZipEntryHandle,
  type ZipLimits,
} from '../zip/zip-archive.js';
import {
  INPUTS_MANIFEST_NAMES,
  describeManifestRow,
  parseInputsManifest,
  type InputsManifestName,
  type InputsManifestRow,
} from './parse-inputs-manifest.js';

/** A test set's inputs zip, open for a run: its manifest and its entries. */
export interface OpenTestInputs {
  manifestName: InputsManifestName;
  /** Every column of the manifest, `case_id` and `file` first. */
  columns: readonly string[];
  /** The manifest's rows, in its order. */
  rows: readonly InputsManifestRow[];
  rowOf(caseId: string): InputsManifestRow | undefined;
  entryOf(file: string): ZipEntryHandle | undefined;
  close(): void;
}

/** Why an inputs zip cannot be run on; `message` is fit for the submitter (no content). */
export class TestInputsError extends Error {}

/** An entry's inflated bytes, whole. */
export async function readZipEntry(entry: ZipEntryHandle): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of entry.chunks()) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * Opens a confirmed test-inputs zip (docs/test-inputs.md) for a model or endpoint run: every
 * check of {@link ZipArchive} (with `limits`), then its root manifest parsed. The upload passed
 * validateTestInputs already; this guards against a blob that changed or never passed it.
 * @throws {TestInputsError} naming the entry, the manifest line or what is missing; the caller
 *   turns it into its own failure kind.
 */
export async function openTestInputs(
  inputsZip: string | Uint8Array,
  limits: ZipLimits = {},
): Promise<OpenTestInputs> {
  const issues = new IssueCollector(10);
  if (typeof inputsZip === 'string' && !existsSync(inputsZip))
    throw new TestInputsError('the inputs zip is missing');
  let archive: ZipArchive;
  try {
    archive = await ZipArchive.open(inputsZip, { issues, limits });
  } catch (error) {
    if (error instanceof ZipFormatError) throw new TestInputsError(error.issue.message);
    throw error;
  }
  try {
    const entries = new Map<string, ZipEntryHandle>();
    for await (const entry of archive.entries()) entries.set(entry.name, entry);
    if (issues.hasIssues) throw new TestInputsError(issues.issues.map((i) => i.message).join('; '));
    const manifestName = INPUTS_MANIFEST_NAMES.find((name) => entries.has(name));
    if (!manifestName)
      throw new TestInputsError(
        `no ${INPUTS_MANIFEST_NAMES.join(' or ')} at the root of the inputs zip`,
      );
    const manifest = await parseInputsManifest(
      (await readZipEntry(entries.get(manifestName)!)).toString('utf8'),
      manifestName,
    );
    if (!manifest.ok)
      throw new TestInputsError(
        manifest.issues
          .slice(0, 5)
          .map((i) => `${describeManifestRow(manifestName, i.line)}: ${i.message}`)
          .join('; '),
      );
    const rowByCase = new Map(manifest.rows.map((row) => [row.caseId, row]));
    return {
      manifestName,
      columns: manifest.columns,
      rows: manifest.rows,
      rowOf: (caseId) => rowByCase.get(caseId),
      entryOf: (file) => entries.get(file),
      close: () => archive.close(),
    };
  } catch (error) {
    archive.close();
    if (error instanceof ZipFormatError) throw new TestInputsError(error.issue.message);
    throw error;
  }
}
