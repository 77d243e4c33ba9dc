import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  TestInputsError,
  ZipFormatError,
  describeManifestRow,
  openTestInputs,
  readZipEntry,
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

/**
 * Extracts the files of a test-inputs zip (docs/test-inputs.md: a root manifest mapping case ids
 * to files) into `directory`, opened with formats' openTestInputs (every ZipArchive check, the
 * manifest parsed). Only files the manifest names are written, each once.
 * @param caseIds the test set's cases, in the order to run them; absent: the manifest's order.
 * @throws {ModelRunFailure} kind `inputs` naming the case, the manifest line or the entry.
 */
export async function extractCaseFiles(
  inputsZip: string | Uint8Array,
  directory: string,
  caseIds?: readonly string[],
): Promise<CaseFile[]> {
  const fail = (message: string, caseId?: string) =>
    new ModelRunFailure('inputs', `test inputs: ${message}`, caseId);
  let inputs;
  try {
    inputs = await openTestInputs(inputsZip);
  } catch (error) {
    if (error instanceof TestInputsError) throw fail(error.message);
    throw error;
  }
  try {
    const { manifestName } = inputs;
    const order = caseIds ?? inputs.rows.map((row) => row.caseId);
    const written = new Map<string, string>();
    const cases: CaseFile[] = [];
    for (const caseId of order) {
      const row = inputs.rowOf(caseId);
      if (!row) throw fail(`case "${caseId}" has no row in ${manifestName}`, caseId);
      let target = written.get(row.file);
      if (target === undefined) {
        const entry = inputs.entryOf(row.file);
        if (!entry)
          throw fail(
            `${describeManifestRow(manifestName, row.line)} names "${row.file}", which is not in the zip`,
            caseId,
          );
        target = path.join(directory, `${written.size}${path.extname(row.file)}`);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, await readZipEntry(entry));
        written.set(row.file, target);
      }
      cases.push({ caseId, path: target, fileName: row.file });
    }
    return cases;
  } catch (error) {
    if (error instanceof ZipFormatError) throw fail(error.issue.message);
    throw error;
  } finally {
    inputs.close();
  }
}
