import { describe, expect, it } from 'vitest';
import { encodeZip } from '../zip/encode-zip.js';
import { TestInputsError, openTestInputs, readZipEntry } from './open-test-inputs.js';

describe('openTestInputs', () => {
  it('opens the manifest and the entries it names, whatever the manifest kind', async () => {
    const inputs = await openTestInputs(
      encodeZip([
        {
          name: 'manifest.coco.json',
          data: Buffer.from(JSON.stringify({ images: [{ id: 5, file_name: 'img/5.png' }] })),
        },
        { name: 'img/5.png', data: Buffer.from('pixels') },
      ]),
    );
    try {
      expect(inputs.manifestName).toBe('manifest.coco.json');
      expect(inputs.rows.map((r) => [r.caseId, r.file])).toEqual([['5', 'img/5.png']]);
      const entry = inputs.entryOf(inputs.rowOf('5')!.file)!;
      expect((await readZipEntry(entry)).toString()).toBe('pixels');
      expect(inputs.rowOf('6')).toBeUndefined();
    } finally {
      inputs.close();
    }
  });

  it.each<[string, Uint8Array | string, string]>([
    [
      'no manifest',
      encodeZip([{ name: 'a.png', data: Buffer.from('x') }]),
      'no manifest.csv or manifest.jsonl or manifest.coco.json at the root of the inputs zip',
    ],
    [
      'a manifest with a bad line',
      encodeZip([{ name: 'manifest.csv', data: Buffer.from('case_id,file\n1,\n') }]),
      'manifest.csv line 2: empty file; expected the path of the case’s file inside the zip',
    ],
    ['no file at all', '/nonexistent/inputs.zip', 'the inputs zip is missing'],
    ['bytes that are not a zip', Buffer.from('not a zip'), 'not a zip'],
  ])('refuses %s with a TestInputsError saying what is wrong', async (_, zip, message) => {
    const error = await openTestInputs(zip).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TestInputsError);
    expect((error as Error).message).toContain(message);
  });
});
