// Re-runs every catalog converter: ../shared/data (or --source <dir>) → data/catalog/<slug>/.
// The output is committed; run this only when a source changes, and review the diff.
// Run: npx tsx tools/catalog/convert-all.ts [--source ../shared/data]
import { existsSync } from 'node:fs';
import path from 'node:path';
import { sourceDataDir } from './catalog-files.js';
import { convertBreastMnist } from './convert-breastmnist.js';
import { convertGmaiMmbench } from './convert-gmai-mmbench.js';
import { convertMedXpertQa } from './convert-medxpertqa.js';
import { convertRexrank } from './convert-rexrank.js';
import { convertVqaRad } from './convert-vqa-rad.js';

const source = sourceDataDir();
if (!existsSync(path.join(source, 'INDEX.md'))) {
  console.error(
    `convert-all: no shared data at ${source} (expected INDEX.md); pass --source <dir>`,
  );
  process.exit(2);
}
await convertBreastMnist(source);
await convertVqaRad(source);
convertMedXpertQa(source);
await convertRexrank(source);
await convertGmaiMmbench(source);
