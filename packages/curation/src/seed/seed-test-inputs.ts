// Public test inputs of a catalog benchmark: `inputs.<track>.<test set>.<csv|jsonl>` is the
// manifest (committed; tools/catalog writes it), and `inputs-source.txt` names the folder of
// ../shared/data that holds the files it lists (images are not copied into the repository). The
// seed zips the manifest with those files, checks the zip exactly as a curator's upload is
// checked, stores it in the blob store and records it as the test set's applied inputs.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { benchmarkDefinitions, testInputs, type Database } from '@medrank/db';
import { encodeZip, parseInputsManifest, unsafeEntryName } from '@medrank/formats';
import { validateTestInputs } from '../test-inputs/validate-test-inputs.js';
import { npzCaseFiles } from './npz-case-files.js';

/** `inputs.<track>.<test set>.<csv|jsonl>`: the inputs manifest of one test set. */
export const INPUTS_FILE = /^inputs\.([a-z0-9-]+)\.([a-z0-9-]+)\.(csv|jsonl)$/;
/** One line: the folder (or `.npz` file) of the shared data directory that holds the inputs' files. */
export const INPUTS_SOURCE_FILE = 'inputs-source.txt';

/** The part of a blob store the seed needs (the web's and worker's FileBlobStore is one). */
export interface SeedBlobStore {
  put(
    source: AsyncIterable<Uint8Array>,
    opts: { keyPrefix: string; extension: string; maxBytes: number },
  ): Promise<{ key: string; bytes: number; sha256: string }>;
}

export interface SeedInputsOptions {
  /** Where the zips go; without one, inputs are skipped (reported, not an error). */
  blobs?: SeedBlobStore;
  /** The shared data directory (`../shared/data`) that `inputs-source.txt` is relative to. */
  sharedDataDir?: string;
}

export type SeededInputs =
  | { file: string; status: 'unchanged' | 'written'; caseCount: number; fileCount: number }
  | { file: string; status: 'skipped'; reason: string };

/** Already compressed formats are stored, not deflated again. */
const STORED = /\.(jpe?g|png|gz|zip)$/i;

export async function seedTestInputs(
  db: Database,
  {
    benchmarkId,
    dir,
    file,
    name,
    trackSlug,
    testSetSlug,
    options,
  }: {
    benchmarkId: string;
    dir: string;
    file: string;
    name: string;
    trackSlug: string;
    testSetSlug: string;
    options: SeedInputsOptions;
  },
): Promise<SeededInputs> {
  const testSet = await benchmarkDefinitions.findTestSet(db, benchmarkId, trackSlug, testSetSlug);
  if (!testSet)
    throw new Error(
      `${name}: the definition has no track "${trackSlug}" with a test set "${testSetSlug}"`,
    );
  if (!options.blobs) return { file: name, status: 'skipped', reason: 'no blob store (BLOB_ROOT)' };
  const sourceFile = path.join(dir, INPUTS_SOURCE_FILE);
  if (!existsSync(sourceFile))
    throw new Error(
      `${name}: ${INPUTS_SOURCE_FILE} is missing beside it; it names the files' folder`,
    );
  const folder = readFileSync(sourceFile, 'utf8').trim();
  const unsafe = unsafeEntryName(folder);
  if (unsafe) throw new Error(`${INPUTS_SOURCE_FILE}: "${folder}": ${unsafe}`);
  const sourceDir = path.join(options.sharedDataDir ?? '', folder);
  if (!options.sharedDataDir || !existsSync(sourceDir))
    return { file: name, status: 'skipped', reason: `${sourceDir} is not there` };

  const manifestName = name.endsWith('.csv') ? 'manifest.csv' : 'manifest.jsonl';
  const manifestText = readFileSync(file, 'utf8');
  const manifest = await parseInputsManifest(manifestText, manifestName);
  if (!manifest.ok)
    throw new Error(
      `${name}: ${manifest.issues.map((i) => `line ${i.line}: ${i.message}`).join('; ')}`,
    );
  const files = [...new Set(manifest.rows.map((r) => r.file))].sort();
  const fromNpz = folder.endsWith('.npz')
    ? await npzCaseFiles(sourceDir, files, `${INPUTS_SOURCE_FILE}: ${folder}`)
    : null;
  const zip = encodeZip([
    { name: manifestName, data: Buffer.from(manifestText) },
    ...files.map((f) => ({
      name: f,
      data: fromNpz?.get(f) ?? readFileSync(path.join(sourceDir, f)),
      method: STORED.test(f) ? ('store' as const) : ('deflate' as const),
    })),
  ]);
  const sha256 = createHash('sha256').update(zip).digest('hex');
  if ((await testInputs.appliedSha256(db, testSet.testSetId)) === sha256)
    return {
      file: name,
      status: 'unchanged',
      caseCount: manifest.rows.length,
      fileCount: files.length,
    };
  const validation = await validateTestInputs({
    source: zip,
    caseIds: await testInputs.caseIdsOf(db, testSet.testSetId),
  });
  if (!validation.ok)
    throw new Error(
      `${name}: ${validation.error.message}: ${validation.error.issues.map((i) => i.message).join('; ')}`,
    );
  const stored = await options.blobs.put(Readable.from([zip]), {
    keyPrefix: 'test-inputs/catalog',
    extension: 'zip',
    maxBytes: zip.length,
  });
  await testInputs.recordSeededInputs(db, {
    testSetId: testSet.testSetId,
    blobKey: stored.key,
    fileName: `${trackSlug}-${testSetSlug}-inputs.zip`,
    fileBytes: stored.bytes,
    sha256: stored.sha256,
    preview: validation.preview,
  });
  return {
    file: name,
    status: 'written',
    caseCount: validation.preview.caseCount,
    fileCount: validation.preview.fileCount,
  };
}
