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
      expect(none.error.issues[0]!.message).toContain('no manifest.csv or manifest.jsonl');
    const two = await validateTestInputs({
      source: encodeZip([
        manifest('case_id,file\n1,a.png\n'),
        { name: 'manifest.jsonl', data: Buffer.from('{"case_id":"1","file":"a.png"}\n') },
        file('a.png'),
      ]),
      caseIds: ['1'],
    });
    if (two.ok) throw new Error('expected a refusal');
    expect(two.error.issues[0]!.message).toContain('both manifest.csv and manifest.jsonl');
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
});
