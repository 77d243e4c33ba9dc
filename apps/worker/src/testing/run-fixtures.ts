// Fixtures of the worker's model- and endpoint-run tests: a test set's applied inputs and a
// submitted model file, stored as the web's confirmed upload and submission route leave them.
import { Readable } from 'node:stream';
import { submissions, testInputs, type Database } from '@medrank/db';
import { openTestInputs } from '@medrank/formats';
import type { FileBlobStore } from '@medrank/storage';

/**
 * Stores `zip` (a test-inputs zip, docs/test-inputs.md) as the test set's applied inputs, with
 * the preview a confirmed upload records, computed from the zip itself.
 */
export async function storeAppliedInputs(
  owner: Database,
  blobs: FileBlobStore,
  testSetId: string,
  zip: Buffer,
): Promise<void> {
  const inputs = await openTestInputs(zip);
  const files = new Set(inputs.rows.map((row) => row.file));
  const inputBytes = [...files].reduce((sum, file) => sum + inputs.entryOf(file)!.declaredBytes, 0);
  const preview = {
    caseCount: inputs.rows.length,
    fileCount: files.size,
    inputBytes,
    manifestName: inputs.manifestName,
    manifestColumns: [...inputs.columns],
  };
  inputs.close();
  const stored = await blobs.put(Readable.from([zip]), {
    keyPrefix: 'test-inputs',
    extension: 'zip',
    maxBytes: zip.length,
  });
  await testInputs.recordSeededInputs(owner, {
    testSetId,
    blobKey: stored.key,
    fileName: 'inputs.zip',
    fileBytes: stored.bytes,
    sha256: stored.sha256,
    preview,
  });
}

/** Who submits, and where. */
export interface SubmissionTarget {
  teamId: string;
  userId: string;
  trackId: string;
  phaseId: string;
}

type SubmissionKind = NonNullable<Parameters<typeof submissions.createWithOutbox>[1]['kind']>;

/**
 * Stores an ONNX model and creates its submission (with its outbox row), as the upload route
 * does; `kind: 'PREDICTIONS'` makes a row as submissions made before `kind` was recorded are.
 */
export async function submitModelFile(
  web: Database,
  blobs: FileBlobStore,
  { teamId, userId, trackId, phaseId }: SubmissionTarget,
  bytes: Uint8Array,
  fileName: string,
  kind: SubmissionKind = 'ONNX_MODEL',
): Promise<string> {
  const blob = await blobs.put(Readable.from([Buffer.from(bytes)]), {
    keyPrefix: 'submissions',
    extension: 'onnx',
    maxBytes: 1 << 26,
  });
  const { id } = await submissions.createWithOutbox(web, {
    teamId,
    trackId,
    phaseId,
    submittedById: userId,
    kind,
    methodName: `model ${fileName}`,
    blobKey: blob.key,
    fileName,
    fileBytes: blob.bytes,
    sha256: blob.sha256,
  });
  return id;
}
