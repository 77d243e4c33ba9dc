import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { AppError, type FileIssue } from '@medrank/core';

/**
 * Where CSV bytes come from: a file path, or any byte stream (a `Readable`, a web upload
 * iterator). Strings other than paths are not accepted so a caller cannot accidentally load a
 * whole upload into memory first.
 */
export type CsvSource = string | AsyncIterable<Uint8Array | string>;

export interface CsvLimits {
  /** Reject files larger than this many bytes. Default 256 MiB. */
  maxFileBytes?: number;
  /** Reject a record longer than this many characters (a physical line, or several lines when
   * a quoted field spans them). Bounds memory per record. Default 65,536. */
  maxLineLength?: number;
  /** Reject files with more records than this, header included. Default 5,000,000. */
  maxRows?: number;
}

export const DEFAULT_CSV_LIMITS: Required<CsvLimits> = {
  maxFileBytes: 256 * 1024 * 1024,
  maxLineLength: 65_536,
  maxRows: 5_000_000,
};

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

/**
 * A file-level problem that stops reading (binary content, limits, broken quoting). Carries a
 * `FileIssue` for the user and maps to 413 (too large) or 422 (malformed) through AppError.
 */
export class CsvFormatError extends AppError {
  readonly issue: FileIssue;
  constructor(issue: FileIssue, { isTooLarge = false }: { isTooLarge?: boolean } = {}) {
    super(isTooLarge ? 'PAYLOAD_TOO_LARGE' : 'INVALID_SUBMISSION', issue.message, {
      details: issue,
    });
    this.name = 'CsvFormatError';
    this.issue = issue;
  }
}

const COMMA = 44,
  QUOTE = 34,
  LF = 10,
  CR = 13;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

/**
 * Streams RFC 4180 CSV records with bounded memory: bytes are decoded incrementally (strict
 * UTF-8), split into fields with a state machine that survives chunk boundaries, and yielded
 * one record at a time with the 1-based line number where the record starts.
 *
 * Accepted: a UTF-8 byte-order mark (dropped), LF, CRLF or CR line ends, quoted fields with
 * commas, doubled quotes and line breaks. Blank lines are skipped. Fields are not trimmed.
 * Rejected with a `CsvFormatError`: NUL bytes or invalid UTF-8 (binary files such as XLSX/ZIP
 * or gzip are named), a quote inside an unquoted field, text after a closing quote, an
 * unterminated quote, and any exceeded limit.
 * @example for await (const { line, fields } of readCsvRecords('/tmp/predictions.csv')) { … }
 */
export async function* readCsvRecords(
  source: CsvSource,
  limits: CsvLimits = {},
): AsyncGenerator<CsvRecord> {
  const { maxFileBytes, maxLineLength, maxRows } = { ...DEFAULT_CSV_LIMITS, ...limits };
  if (typeof source === 'string') {
    const { size } = await stat(source);
    if (size > maxFileBytes) throw tooLarge(size, maxFileBytes);
  }
  const stream: AsyncIterable<Uint8Array | string> =
    typeof source === 'string' ? createReadStream(source, { highWaterMark: 64 * 1024 }) : source;
  const decoder = new TextDecoder('utf-8', { fatal: true });

  let totalBytes = 0;
  let line = 1; // current physical line
  let recordLine = 1;
  let recordChars = 0;
  let rows = 0;
  let state = State.FieldStart as State; // widened: endRecord() also assigns it
  let fields: string[] = [];
  let pending = ''; // field text carried over from previous chunks / before an escaped quote
  let isRecordStarted = false;
  let skipLineFeed = false; // a CR ended the previous record; swallow the LF of a CRLF
  let isFirstChunk = true;

  const malformed = (message: string, atLine = line): CsvFormatError =>
    new CsvFormatError({ line: atLine, message });

  for await (const raw of stream) {
    const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    totalBytes += bytes.byteLength;
    if (totalBytes > maxFileBytes) throw tooLarge(totalBytes, maxFileBytes, true);
    if (isFirstChunk) {
      isFirstChunk = false;
      const signature = describeBinarySignature(bytes);
      if (signature)
        throw new CsvFormatError({ message: `this is ${signature}, not a CSV text file` });
    }
    const nulAt = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(0);
    if (nulAt !== -1) {
      throw new CsvFormatError({
        message: `binary content: NUL byte at byte ${totalBytes - bytes.byteLength + nulAt + 1}; expected a UTF-8 text CSV`,
      });
    }
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      throw malformed('not valid UTF-8 text (binary or another encoding); save the CSV as UTF-8');
    }

    let segmentStart = 0;
    const length = text.length;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (skipLineFeed) {
        skipLineFeed = false;
        if (code === LF) {
          segmentStart = i + 1;
          continue;
        }
      }
      if (++recordChars > maxLineLength) {
        throw new CsvFormatError(
          {
            line: recordLine,
            message: `line ${recordLine} is longer than ${maxLineLength} characters`,
          },
          { isTooLarge: true },
        );
      }
      switch (state) {
        case State.FieldStart:
          if (code === QUOTE) {
            state = State.Quoted;
            isRecordStarted = true;
            segmentStart = i + 1;
          } else if (code === COMMA) {
            fields.push('');
            isRecordStarted = true;
            segmentStart = i + 1;
          } else if (code === LF || code === CR) {
            if (isRecordStarted) fields.push('');
            yield* endRecord(code);
            segmentStart = i + 1;
          } else {
            state = State.Unquoted;
            isRecordStarted = true;
            segmentStart = i;
          }
          break;
        case State.Unquoted:
          if (code === COMMA) {
            fields.push(pending + text.slice(segmentStart, i));
            pending = '';
            state = State.FieldStart;
            segmentStart = i + 1;
          } else if (code === LF || code === CR) {
            fields.push(pending + text.slice(segmentStart, i));
            pending = '';
            yield* endRecord(code);
            segmentStart = i + 1;
          } else if (code === QUOTE) {
            throw malformed(
              `line ${line}, field ${fields.length + 1}: a quote inside an unquoted field; quote the whole field and double inner quotes ("")`,
            );
          }
          break;
        case State.Quoted:
          if (code === QUOTE) {
            pending += text.slice(segmentStart, i);
            state = State.QuoteInQuoted;
          } else if (code === LF) {
            line++;
          }
          break;
        case State.QuoteInQuoted:
          if (code === QUOTE) {
            pending += '"';
            state = State.Quoted;
            segmentStart = i + 1;
          } else if (code === COMMA) {
            fields.push(pending);
            pending = '';
            state = State.FieldStart;
            segmentStart = i + 1;
          } else if (code === LF || code === CR) {
            fields.push(pending);
            pending = '';
            yield* endRecord(code);
            segmentStart = i + 1;
          } else {
            throw malformed(
              `line ${line}, field ${fields.length + 1}: unexpected text after a closing quote`,
            );
          }
          break;
      }
    }
    if (state === State.Unquoted || state === State.Quoted) pending += text.slice(segmentStart);
  }
  try {
    decoder.decode();
  } catch {
    throw malformed('not valid UTF-8 text (truncated multi-byte character at the end of the file)');
  }
  if (state === State.Quoted)
    throw malformed(`unterminated quoted field starting on line ${recordLine}`, recordLine);
  if (
    state === State.Unquoted ||
    state === State.QuoteInQuoted ||
    (state === State.FieldStart && isRecordStarted)
  ) {
    fields.push(pending);
    pending = '';
    if (++rows > maxRows) throw tooManyRows(maxRows);
    yield { line: recordLine, fields };
  }

  function* endRecord(code: number): Generator<CsvRecord> {
    const record = { line: recordLine, fields };
    const isBlank = !isRecordStarted;
    fields = [];
    state = State.FieldStart;
    isRecordStarted = false;
    line++;
    recordLine = line;
    recordChars = 0;
    if (code === CR) skipLineFeed = true;
    if (isBlank) return;
    if (++rows > maxRows) throw tooManyRows(maxRows);
    yield record;
  }
}

function tooLarge(bytes: number, maxBytes: number, isLowerBound = false): CsvFormatError {
  return new CsvFormatError(
    {
      message: `file is too large: ${isLowerBound ? 'more than ' : ''}${bytes} bytes, the limit is ${maxBytes} bytes`,
    },
    { isTooLarge: true },
  );
}

function tooManyRows(maxRows: number): CsvFormatError {
  return new CsvFormatError(
    { message: `file has more than ${maxRows} rows (header included)` },
    { isTooLarge: true },
  );
}

/** Names common binary formats users upload by mistake, from their magic bytes. */
export function describeBinarySignature(bytes: Uint8Array): string | null {
  const starts = (...signature: number[]) => signature.every((b, i) => bytes[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04))
    return 'a ZIP archive (an .xlsx workbook is one; export it as CSV)';
  if (starts(0x1f, 0x8b)) return 'a gzip-compressed file (decompress it first)';
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return 'a legacy Office document (.xls); export it as CSV';
  if (starts(0x25, 0x50, 0x44, 0x46)) return 'a PDF document';
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'a PNG image';
  return null;
}
