import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  INPUTS_MANIFEST_NAMES,
  describeManifestRow,
  IssueCollector,
  ZipArchive,
  ZipFormatError,
  parseInputsManifest,
  type InputsManifestName,
  type ZipEntryHandle,
} from '@medrank/formats';
import { ModelRunFailure } from '../model-run-failure.js';

/** One case the model process reads: its id and the extracted file. */
export interface CaseFile {
  caseId: string;
  /** Absolute path of the extracted file. */
  path: string;
  /** Name inside the inputs zip, for messages. */
  fileName: string;
}

async function readEntry(entry: ZipEntryHandle): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of entry.chunks()) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * Extracts the files of a test-inputs zip (docs/test-inputs.md: a root `manifest.csv` or
 * `manifest.jsonl` mapping case ids to files) into `directory`, reading it with every check of
 * @medrank/formats' ZipArchive. Only files the manifest names are written, each once.
 * @param caseIds the test set's cases, in the order to run them; absent: the manifest's order.
 * @throws {ModelRunFailure} kind `inputs` naming the case, the manifest line or the entry.
 */
export async function extractCaseFiles(
  inputsZip: string | Uint8Array,
  directory: string,
  caseIds?: readonly string[],
): Promise<CaseFile[]> {
  const issues = new IssueCollector(10);
  const fail = (message: string, caseId?: string) =>
    new ModelRunFailure('inputs', `test inputs: ${message}`, caseId);
  let archive: ZipArchive;
  try {
    archive = await ZipArchive.open(inputsZip, { issues });
  } catch (error) {
    if (error instanceof ZipFormatError) throw fail(error.issue.message);
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
      manifestName as InputsManifestName,
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
    const rowOf = new Map(manifest.rows.map((row) => [row.caseId, row]));
    const order = caseIds ?? manifest.rows.map((row) => row.caseId);
    const written = new Map<string, string>();
    const cases: CaseFile[] = [];
    for (const caseId of order) {
      const row = rowOf.get(caseId);
      if (!row) throw fail(`case "${caseId}" has no row in ${manifestName}`, caseId);
      let target = written.get(row.file);
      if (target === undefined) {
        const entry = entries.get(row.file);
        if (!entry)
          throw fail(
            `${describeManifestRow(manifestName as InputsManifestName, row.line)} names "${row.file}", which is not in the zip`,
            caseId,
          );
        target = path.join(directory, `${written.size}${path.extname(row.file)}`);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, await readEntry(entry));
        written.set(row.file, target);
      }
      cases.push({ caseId, path: target, fileName: row.file });
    }
    return cases;
  } catch (error) {
    if (error instanceof ZipFormatError) throw fail(error.issue.message);
    throw error;
  } finally {
    archive.close();
  }
}
