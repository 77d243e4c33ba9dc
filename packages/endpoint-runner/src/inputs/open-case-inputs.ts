import {
  INPUTS_MANIFEST_NAMES,
  describeManifestRow,
  IssueCollector,
  ZipArchive,
  ZipFormatError,
  parseInputsManifest,
  type InputsManifestName,
  type InputsManifestRow,
  type ZipEntryHandle,
} from '@medrank/formats';
import { EndpointRunFailure } from '../endpoint-run-failure.js';

/** A test set's inputs, open for a run: the manifest's rows and the zip's entries. */
export interface CaseInputs {
  manifestName: InputsManifestName;
  /** Every column of the manifest, `case_id` and `file` included. */
  columns: readonly string[];
  rowOf(caseId: string): InputsManifestRow | undefined;
  entryOf(file: string): ZipEntryHandle | undefined;
  close(): void;
}

// The zip passed every limit when it was uploaded; a run reads a shared image once per case
// that shows it, so the inflated total may pass the upload's 2 GiB. Entry and ratio limits stay.
const RUN_MAX_INFLATED_BYTES = Number.MAX_SAFE_INTEGER;

export async function readEntry(entry: ZipEntryHandle): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of entry.chunks()) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * Opens a test-inputs zip (docs/test-inputs.md) with @medrank/formats' checks and parses its
 * manifest.
 * @throws {EndpointRunFailure} kind `inputs` for an unreadable zip or manifest.
 */
export async function openCaseInputs(inputsZip: string): Promise<CaseInputs> {
  const issues = new IssueCollector(10);
  const fail = (message: string) => new EndpointRunFailure('inputs', `test inputs: ${message}`);
  let archive: ZipArchive;
  try {
    archive = await ZipArchive.open(inputsZip, {
      issues,
      limits: { maxTotalBytes: RUN_MAX_INFLATED_BYTES },
    });
  } catch (error) {
    if (error instanceof ZipFormatError) throw fail(error.issue.message);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw fail('the inputs zip is missing');
    throw error;
  }
  try {
    const entries = new Map<string, ZipEntryHandle>();
    for await (const entry of archive.entries()) entries.set(entry.name, entry);
    if (issues.hasIssues) throw fail(issues.issues.map((i) => i.message).join('; '));
    const manifestName = INPUTS_MANIFEST_NAMES.find((name) => entries.has(name));
    if (!manifestName)
      throw fail(`no ${INPUTS_MANIFEST_NAMES.join(' or ')} at the root of the inputs zip`);
    const manifest = await parseInputsManifest(
      (await readEntry(entries.get(manifestName)!)).toString('utf8'),
      manifestName,
    );
    if (!manifest.ok)
      throw fail(
        manifest.issues
          .slice(0, 5)
          .map(
            (i) =>
              `${describeManifestRow(manifestName as InputsManifestName, i.line)}: ${i.message}`,
          )
          .join('; '),
      );
    const rows = new Map(manifest.rows.map((row) => [row.caseId, row]));
    return {
      manifestName,
      columns: manifest.columns,
      rowOf: (caseId) => rows.get(caseId),
      entryOf: (file) => entries.get(file),
      close: () => archive.close(),
    };
  } catch (error) {
    archive.close();
    if (error instanceof ZipFormatError) throw fail(error.issue.message);
    throw error;
  }
}
