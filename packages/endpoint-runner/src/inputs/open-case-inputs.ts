import {
  TestInputsError,
  openTestInputs,
  readZipEntry,
  type OpenTestInputs,
} from '@medrank/formats';
import { EndpointRunFailure } from '../endpoint-run-failure.js';

/** A test set's inputs, open for a run: the manifest's rows and the zip's entries. */
export type CaseInputs = OpenTestInputs;

export { readZipEntry as readEntry };

// The zip passed every limit when it was uploaded; a run reads a shared image once per case
// that shows it, so the inflated total may pass the upload's 2 GiB. Entry and ratio limits stay.
const RUN_MAX_INFLATED_BYTES = Number.MAX_SAFE_INTEGER;

/**
 * Opens a test-inputs zip (docs/test-inputs.md) with @medrank/formats' checks and parses its
 * manifest (formats' openTestInputs).
 * @throws {EndpointRunFailure} kind `inputs` for an unreadable zip or manifest.
 */
export async function openCaseInputs(inputsZip: string): Promise<CaseInputs> {
  try {
    return await openTestInputs(inputsZip, { maxTotalBytes: RUN_MAX_INFLATED_BYTES });
  } catch (error) {
    if (error instanceof TestInputsError)
      throw new EndpointRunFailure('inputs', `test inputs: ${error.message}`);
    throw error;
  }
}
