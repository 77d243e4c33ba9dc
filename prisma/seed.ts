// Seeds the catalog of data/catalog (idempotent). Run with `npm run db:seed`; the quick start and
// the e2e server run it too.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedCatalog } from '@medrank/curation/seed';
import { createDatabase } from '@medrank/db';
import { FileBlobStore } from '@medrank/storage';
import { loadRootEnv } from '../tools/env/load-root-env.js';

loadRootEnv();
const url = process.env.ADMIN_DATABASE_URL ?? process.env.WORKER_DATABASE_URL;
if (!url) {
  console.error(
    'seed: set ADMIN_DATABASE_URL (or WORKER_DATABASE_URL): the seed writes hidden ground truth',
  );
  process.exit(2);
}
const db = createDatabase(url, { maxConnections: 2 });
const dataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../data');
const startedAt = Date.now();
try {
  // Public test inputs (VQA-RAD's images) go to the blob store the web serves them from; their
  // files come from the shared data directory, as tools/catalog reads them.
  const blobRoot = process.env.BLOB_ROOT;
  const sharedDataDir = process.env.SHARED_DATA_DIR ?? path.resolve(dataDir, '../../shared/data');
  const blobs = blobRoot ? new FileBlobStore(blobRoot) : undefined;
  for (const b of await seedCatalog(db, { dataDir, blobs, sharedDataDir })) {
    const written = b.groundTruth.filter((g) => g.status === 'written');
    const notes = [
      b.created
        ? 'created'
        : b.definitionChanges.length
          ? `updated (${b.definitionChanges.join('; ')})`
          : 'up to date',
      ...written.map((g) => `${g.caseCount} cases from ${g.file}`),
      ...b.inputs.map((i) =>
        i.status === 'skipped'
          ? `inputs ${i.file} skipped (${i.reason})`
          : i.status === 'written'
            ? `${i.fileCount} input files for ${i.caseCount} cases from ${i.file}`
            : null,
      ),
      ...(b.reported?.status === 'imported' ? [`${b.reported.scores} reported values`] : []),
      ...(b.published ? ['published'] : []),
    ];
    console.log(`seed: ${b.slug}: ${notes.filter(Boolean).join(', ')}`);
  }
  console.log(`seed: catalog ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
} finally {
  await db.$disconnect();
}
