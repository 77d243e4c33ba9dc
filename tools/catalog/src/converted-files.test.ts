// The committed catalog files are exactly what the converters make of ../shared/data: re-running
// every converter into a temporary folder gives the same bytes. Fails (it does not skip) when the
// shared data is missing, since CI has it beside the clone.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { catalogDir, percentToFraction, sourceDataDir } from '../catalog-files.js';
import { convertBreastMnist } from '../convert-breastmnist.js';
import { convertGmaiMmbench } from '../convert-gmai-mmbench.js';
import { convertMedXpertQa } from '../convert-medxpertqa.js';
import { convertRexrank } from '../convert-rexrank.js';
import { convertVqaRad } from '../convert-vqa-rad.js';

const source = sourceDataDir([]);
const out = mkdtempSync(path.join(os.tmpdir(), 'medrank-convert-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('catalog converters', () => {
  it('reproduce the committed data/catalog files from the shared source data', async () => {
    if (!existsSync(path.join(source, 'INDEX.md'))) {
      throw new Error(
        `shared data missing at ${source}: expected ../shared/data beside the clone (or SHARED_DATA_DIR)`,
      );
    }
    const dir = (slug: string) => path.join(out, slug);
    await convertBreastMnist(source, dir('breastmnist'));
    await convertVqaRad(source, dir('vqa-rad'));
    convertMedXpertQa(source, dir('medxpertqa-mm'));
    await convertRexrank(source, { rexrank: dir('rexrank'), rexvqa: dir('rexvqa') });
    await convertGmaiMmbench(source, dir('gmai-mmbench'));
    const produced = readdirSync(out).flatMap((slug) =>
      readdirSync(dir(slug)).map((file) => [slug, file] as const),
    );
    // VQA-RAD also writes the manifests of its public test inputs (inputs.{closed,open}.test.csv);
    // BreastMNIST its model track's ground truth and hidden inputs' manifest (*.model.test.csv).
    expect(produced).toHaveLength(12);
    for (const [slug, file] of produced) {
      const committed = readFileSync(path.join(catalogDir(slug), file), 'utf8');
      expect(
        readFileSync(path.join(dir(slug), file), 'utf8') === committed,
        `${slug}/${file}`,
      ).toBe(true);
    }
  }, 60_000);

  it.each([
    ['53.96', '0.5396'],
    ['25.70', '0.257'],
    ['100.00', '1'],
    ['0.05', '0.0005'],
    ['0', '0'],
  ])('percentToFraction(%s) = %s, exactly', (percent, fraction) => {
    expect(percentToFraction(percent, 'test')).toBe(fraction);
    expect(Number(fraction)).toBeCloseTo(Number(percent) / 100, 12);
  });

  it('refuses a percentage that is not a plain decimal', () => {
    expect(() => percentToFraction('-1', 'file.csv line 3')).toThrow(
      'file.csv line 3: "-1" is not a non-negative decimal',
    );
  });
});
