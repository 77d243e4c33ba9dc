import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvFormatError, readCsvRecords, type CsvLimits } from './read-csv-records.js';

const dir = mkdtempSync(join(tmpdir(), 'medrank-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;
function writeTemp(content: string | Uint8Array): string {
  const path = join(dir, `f${fileCount++}.csv`);
  writeFileSync(path, content);
  return path;
}

async function readAll(source: Parameters<typeof readCsvRecords>[0], limits?: CsvLimits) {
  const records = [];
  for await (const record of readCsvRecords(source, limits)) records.push(record);
  return records;
}

async function readError(
  source: Parameters<typeof readCsvRecords>[0],
  limits?: CsvLimits,
): Promise<CsvFormatError> {
  try {
    await readAll(source, limits);
  } catch (error) {
    if (error instanceof CsvFormatError) return error;
    throw error;
  }
  throw new Error('expected a CsvFormatError');
}

describe('readCsvRecords', () => {
  it('reads records with 1-based line numbers from a file path', async () => {
    const records = await readAll(writeTemp('case_id,label\na,1\nb,0\n'));
    expect(records).toEqual([
      { line: 1, fields: ['case_id', 'label'] },
      { line: 2, fields: ['a', '1'] },
      { line: 3, fields: ['b', '0'] },
    ]);
  });

  it('tolerates a BOM, CRLF, a missing final newline and skips blank lines', async () => {
    const records = await readAll(writeTemp('\uFEFFcase_id,label\r\n\r\na,1\r\nb,0'));
    expect(records).toEqual([
      { line: 1, fields: ['case_id', 'label'] },
      { line: 3, fields: ['a', '1'] },
      { line: 4, fields: ['b', '0'] },
    ]);
  });

  it('handles RFC 4180 quoting: commas, doubled quotes and line breaks inside quotes', async () => {
    const records = await readAll(
      writeTemp('id,text\n"a,1","say ""hi"""\n"multi\nline",x\nlast,""\n'),
    );
    expect(records).toEqual([
      { line: 1, fields: ['id', 'text'] },
      { line: 2, fields: ['a,1', 'say "hi"'] },
      { line: 3, fields: ['multi\nline', 'x'] },
      { line: 5, fields: ['last', ''] },
    ]);
  });

  it('keeps empty fields, including a trailing one', async () => {
    expect(await readAll(writeTemp('a,,c\nd,\n,'))).toEqual([
      { line: 1, fields: ['a', '', 'c'] },
      { line: 2, fields: ['d', ''] },
      { line: 3, fields: ['', ''] },
    ]);
  });

  it('gives the same records whatever the chunk boundaries (1-byte chunks, split UTF-8 and CRLF)', async () => {
    const text = '\uFEFFid,name\r\n"x, ""y""",é😀\r\n"a\r\nb",c\r\n';
    const bytes = Buffer.from(text, 'utf8');
    const whole = await readAll(Readable.from([bytes]));
    const split = await readAll(Readable.from(Array.from(bytes, (b) => Uint8Array.of(b))));
    expect(split).toEqual(whole);
    expect(whole[1]).toEqual({ line: 2, fields: ['x, "y"', 'é😀'] });
    expect(whole[2]).toEqual({ line: 3, fields: ['a\r\nb', 'c'] });
  });

  it('rejects NUL bytes as binary content', async () => {
    const error = await readError(writeTemp(Buffer.from('a,b\n\0\0\0\n')));
    expect(error.message).toMatch(/binary content: NUL byte at byte 5/);
    expect(error.code).toBe('INVALID_SUBMISSION');
  });

  it('rejects invalid UTF-8 and names common binary formats', async () => {
    expect(
      (await readError(writeTemp(Uint8Array.of(0x61, 0x2c, 0xff, 0xfe, 0x0a)))).message,
    ).toMatch(/not valid UTF-8/);
    expect(
      (await readError(writeTemp(Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14)))).message,
    ).toMatch(/ZIP archive.*xlsx/);
    expect((await readError(writeTemp(Uint8Array.of(0x1f, 0x8b, 0x08)))).message).toMatch(/gzip/);
    // A multi-byte character cut off at the end of the file.
    expect((await readError(writeTemp(Uint8Array.of(0x61, 0x0a, 0xc3)))).message).toMatch(
      /truncated multi-byte/,
    );
  });

  it.each([
    ['a,"b\nc', /unterminated quoted field starting on line 1/],
    ['a,b"c\n', /line 1, field 2: a quote inside an unquoted field/],
    ['a,"b"c\n', /line 1, field 2: unexpected text after a closing quote/],
  ])('rejects broken quoting: %j', async (content, message) => {
    expect((await readError(writeTemp(content))).message).toMatch(message);
  });

  it('enforces maxFileBytes before reading a path and while streaming', async () => {
    const path = writeTemp('a,b\n'.repeat(100));
    const error = await readError(path, { maxFileBytes: 100 });
    expect(error.message).toBe('file is too large: 400 bytes, the limit is 100 bytes');
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.status).toBe(413);
    const streamed = await readError(
      Readable.from(Array.from({ length: 100 }, () => Buffer.from('a,b\n'))),
      { maxFileBytes: 100 },
    );
    expect(streamed.message).toMatch(/more than 10\d bytes, the limit is 100 bytes/);
  });

  it('enforces maxLineLength (also for a runaway quoted field) and maxRows', async () => {
    expect(
      (await readError(writeTemp(`a,b\n${'x'.repeat(50)}\n`), { maxLineLength: 20 })).message,
    ).toBe('line 2 is longer than 20 characters');
    expect(
      (await readError(writeTemp(`a,"${'x\n'.repeat(30)}`), { maxLineLength: 20 })).message,
    ).toMatch(/line 1 is longer/);
    expect((await readError(writeTemp('a\nb\nc\nd\n'), { maxRows: 3 })).message).toBe(
      'file has more than 3 rows (header included)',
    );
    expect(await readAll(writeTemp('a\nb\nc\n'), { maxRows: 3 })).toHaveLength(3);
  });

  it('reads an empty file as no records', async () => {
    expect(await readAll(writeTemp(''))).toEqual([]);
  });
});
