import { encodeZip } from '@medrank/formats';
import { describe, expect, it } from 'vitest';
import { validateTestInputs } from './validate-test-inputs.js';

const manifest = (text: string) => ({ name: 'manifest.csv', data: Buffer.from(text) });
const file = (name: string, size = 100) => ({ name, data: Buffer.alloc(size, 7) });

describe('validateTestInputs', () => {
  it('previews cases, distinct files and their bytes', async () => {
    const zip = encodeZip([
      manifest('case_id,file,question\n1,a.png,Q1\n2,a.png,Q2\n3,dir/b.png,Q3\n'),
      file('a.png', 100),
      file('dir/b.png', 50),
      file('__MACOSX/._a.png', 10),
    ]);
    expect(await validateTestInputs({ source: zip, caseIds: ['1', '2', '3'] })).toEqual({
      ok: true,
      preview: {
        caseCount: 3,
        fileCount: 2,
        inputBytes: 150,
        manifestName: 'manifest.csv',
        manifestColumns: ['case_id', 'file', 'question'],
      },
    });
  });

  it('asks for a manifest at the root, and only one', async () => {
    const none = await validateTestInputs({
      source: encodeZip([
        file('a.png'),
        { ...manifest('case_id,file\n'), name: 'sub/manifest.csv' },
      ]),
      caseIds: ['1'],
    });
    expect(none).toMatchObject({ ok: false, error: { issueCount: 1 } });
    if (!none.ok)
      expect(none.error.issues[0]!.message).toBe(
        'the zip has no manifest.csv, manifest.jsonl or manifest.coco.json at its root; expected one mapping case_id to file',
      );
    const two = await validateTestInputs({
      source: encodeZip([
        manifest('case_id,file\n1,a.png\n'),
        { name: 'manifest.jsonl', data: Buffer.from('{"case_id":"1","file":"a.png"}\n') },
        file('a.png'),
      ]),
      caseIds: ['1'],
    });
    if (two.ok) throw new Error('expected a refusal');
    expect(two.error.issues[0]!.message).toBe(
      'the zip has manifest.csv and manifest.jsonl at its root; keep one',
    );
  });

  it('refuses symlinks and traversal in the zip, naming the entry', async () => {
    const result = await validateTestInputs({
      source: encodeZip([
        manifest('case_id,file\n1,a.png\n'),
        file('a.png'),
        { name: 'link.png', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 },
        file('../evil.png'),
      ]),
      caseIds: ['1'],
    });
    if (result.ok) throw new Error('expected a refusal');
    expect(result.error.issues.map((i) => i.line)).toEqual([3, 4]);
    expect(result.error.issues[0]!.message).toContain('symbolic link');
    expect(result.error.issues[1]!.message).toContain('path traversal');
  });

  it('stops a zip bomb at the entry limit instead of inflating it', async () => {
    const result = await validateTestInputs({
      source: encodeZip([manifest('case_id,file\n1,big.raw\n'), file('big.raw', 4 * 1024 * 1024)]),
      caseIds: ['1'],
      limits: { maxEntryBytes: 1024 * 1024 },
    });
    if (result.ok) throw new Error('expected a refusal');
    expect(result.error.issues[0]!.message).toMatch(/big\.raw/);
  });

  it('refuses inputs before the test set has cases', async () => {
    const result = await validateTestInputs({
      source: encodeZip([manifest('case_id,file\n1,a.png\n'), file('a.png')]),
      caseIds: [],
    });
    if (result.ok) throw new Error('expected a refusal');
    expect(result.error.issues[0]!.message).toContain('upload and confirm its ground truth first');
  });

  it('takes a COCO images list as the manifest: image id → file_name, other fields as columns', async () => {
    const coco = {
      images: [
        { id: 17, file_name: 'val/000017.jpg', width: 640, height: 480 },
        { id: 42, file_name: 'val/000042.jpg', width: 512, height: 512 },
      ],
      categories: [{ id: 1, name: 'nodule' }],
    };
    const zip = encodeZip([
      { name: 'manifest.coco.json', data: Buffer.from(JSON.stringify(coco)) },
      file('val/000017.jpg', 30),
      file('val/000042.jpg', 20),
    ]);
    expect(await validateTestInputs({ source: zip, caseIds: ['17', '42'] })).toEqual({
      ok: true,
      preview: {
        caseCount: 2,
        fileCount: 2,
        inputBytes: 50,
        manifestName: 'manifest.coco.json',
        manifestColumns: ['case_id', 'file', 'width', 'height'],
      },
    });
    // The same document with its annotations would publish the ground truth: refused.
    const withTruth = await validateTestInputs({
      source: encodeZip([
        {
          name: 'manifest.coco.json',
          data: Buffer.from(
            JSON.stringify({
              ...coco,
              annotations: [{ id: 1, image_id: 17, category_id: 1, bbox: [1, 2, 3, 4] }],
            }),
          ),
        },
        file('val/000017.jpg', 30),
        file('val/000042.jpg', 20),
      ]),
      caseIds: ['17', '42'],
    });
    if (withTruth.ok) throw new Error('expected a refusal');
    expect(withTruth.error.issues).toEqual([
      {
        column: 'annotations',
        message:
          '"annotations" holds 1 entry: they are ground truth, and test inputs may be published; keep only "images" (and "categories") in manifest.coco.json',
      },
    ]);
  });
});
