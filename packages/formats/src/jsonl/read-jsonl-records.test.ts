import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createTempFiles } from '../classification/test-files.js';
import {
  readTextLines,
  TextFileError,
  type TextLineLimits,
} from '../text-lines/read-text-lines.js';
import { readJsonlRecords } from './read-jsonl-records.js';

const files = createTempFiles('medrank-jsonl-');
afterAll(() => files.cleanup());

async function readAll(source: Parameters<typeof readJsonlRecords>[0], limits?: TextLineLimits) {
  const out = [];
  for await (const record of readJsonlRecords(source, limits)) out.push(record);
  return out;
}

async function fileError(
  source: Parameters<typeof readJsonlRecords>[0],
  limits?: TextLineLimits,
): Promise<TextFileError> {
  try {
    await readAll(source, limits);
  } catch (error) {
    if (error instanceof TextFileError) return error;
    throw error;
  }
  throw new Error('expected a TextFileError');
}

describe('readJsonlRecords', () => {
  it('yields objects with their physical line numbers, skipping blank lines, CRLF and a BOM', async () => {
    const path = files.write('\uFEFF{"id": 1}\r\n\r\n  \n{"id": "b", "answer": "C"}');
    expect(await readAll(path)).toEqual([
      { line: 1, value: { id: 1 } },
      { line: 4, value: { id: 'b', answer: 'C' } },
    ]);
  });

  it('reports invalid JSON and non-objects per line and keeps reading', async () => {
    const records = await readAll(
      files.write('{"id": 1}\n{"id": 2,}\n[1, 2]\n"text"\n{"id": 3}\n'),
    );
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4, 5]);
    expect(records[1]!.error).toMatch(
      /^line 2 is not valid JSON \(.+\); expected one JSON object per line$/,
    );
    expect(records[2]!.error).toBe('line 3 is an array; expected a JSON object such as {"id": …}');
    expect(records[3]!.error).toBe('line 4 is a string; expected a JSON object such as {"id": …}');
    expect(records[4]).toEqual({ line: 5, value: { id: 3 } });
  });

  it('reads lines split across stream chunks, including a multi-byte character', async () => {
    const bytes = Buffer.from('{"answer": "épanchement"}\n{"answer": "b"}\n', 'utf8');
    const chunks = [
      bytes.subarray(0, 14),
      bytes.subarray(14, 15),
      bytes.subarray(15, 30),
      bytes.subarray(30),
    ];
    const records = await readAll(Readable.from(chunks));
    expect(records).toEqual([
      { line: 1, value: { answer: 'épanchement' } },
      { line: 2, value: { answer: 'b' } },
    ]);
  });

  it('enforces file size, line length and line count limits', async () => {
    const path = files.write('{"id": 1}\n{"id": 2, "answer": "a long answer"}\n{"id": 3}\n');
    expect((await fileError(path, { maxFileBytes: 10 })).issue.message).toMatch(
      /file is too large: \d+ bytes, the limit is 10 bytes/,
    );
    expect((await fileError(path, { maxLineLength: 20 })).issue).toEqual({
      line: 2,
      message: 'line 2 is longer than 20 characters',
    });
    expect((await fileError(path, { maxLines: 2 })).issue).toEqual({
      line: 3,
      message: 'file has more than 2 lines',
    });
    expect(await readAll(path, { maxLineLength: 36, maxLines: 3 })).toHaveLength(3);
  });

  it('rejects binary files, NUL bytes and invalid UTF-8 with a named cause', async () => {
    expect((await fileError(files.write(Uint8Array.of(0x1f, 0x8b, 8, 0)))).issue.message).toMatch(
      /gzip-compressed/,
    );
    expect((await fileError(files.write('{"id": 1}\n{"id"\u0000: 2}\n'))).issue).toMatchObject({
      line: 2,
      message: expect.stringMatching(/NUL byte at byte 16/),
    });
    expect(
      (await fileError(files.write(Uint8Array.of(0x7b, 0xff, 0x7d, 0x0a)))).issue.message,
    ).toMatch(/not valid UTF-8/);
  });

  it('readTextLines keeps line numbering across blank lines at chunk edges', async () => {
    const lines = [];
    for await (const l of readTextLines(Readable.from(['a\n', '\n', 'b', '\r\nc']))) lines.push(l);
    expect(lines).toEqual([
      { line: 1, text: 'a' },
      { line: 3, text: 'b' },
      { line: 4, text: 'c' },
    ]);
  });
});
