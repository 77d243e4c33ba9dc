import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { AppError, type FileIssue } from '@medrank/core';
import { describeBinarySignature } from '../csv/read-csv-records.js';

/** Where text bytes come from: a file path, or any byte stream (never a whole upload in memory). */
export type TextSource = string | AsyncIterable<Uint8Array | string>;

export interface TextLineLimits {
  /** Reject files larger than this many bytes. Default 256 MiB. */
  maxFileBytes?: number;
  /** Reject a line longer than this many characters. Bounds memory per line. Default 1 MiB
   * (a JSONL line holds a whole report). */
  maxLineLength?: number;
  /** Reject files with more non-blank lines than this. Default 5,000,000. */
  maxLines?: number;
}

export const DEFAULT_TEXT_LINE_LIMITS: Required<TextLineLimits> = {
  maxFileBytes: 256 * 1024 * 1024,
  maxLineLength: 1024 * 1024,
  maxLines: 5_000_000,
};

export interface TextLine {
  /** 1-based physical line number. */
  line: number;
  /** The line without its line break (LF or CRLF). */
  text: string;
}

/**
 * A file-level problem that stops reading a line-based file (binary content, invalid UTF-8, a
 * limit). Carries a `FileIssue` for the user; maps to 413 (too large) or 422 (malformed).
 */
export class TextFileError extends AppError {
  readonly issue: FileIssue;
  constructor(issue: FileIssue, { isTooLarge = false }: { isTooLarge?: boolean } = {}) {
    super(isTooLarge ? 'PAYLOAD_TOO_LARGE' : 'INVALID_SUBMISSION', issue.message, {
      details: issue,
    });
    this.name = 'TextFileError';
    this.issue = issue;
  }
}

const LF = 10;

/**
 * Streams the non-blank lines of a UTF-8 text file (JSONL, TREC qrels/runs) with bounded memory
 * and 1-based line numbers. A byte-order mark is dropped, LF and CRLF both end a line, lines made
 * of whitespace only are skipped (but counted for numbering).
 * Throws a `TextFileError` for NUL bytes or invalid UTF-8 (common binary formats are named), and
 * for any exceeded limit, naming the line.
 */
export async function* readTextLines(
  source: TextSource,
  limits: TextLineLimits = {},
): AsyncGenerator<TextLine> {
  const { maxFileBytes, maxLineLength, maxLines } = { ...DEFAULT_TEXT_LINE_LIMITS, ...limits };
  if (typeof source === 'string') {
    const { size } = await stat(source);
    if (size > maxFileBytes) throw tooLarge(size, maxFileBytes);
  }
  const stream: AsyncIterable<Uint8Array | string> =
    typeof source === 'string' ? createReadStream(source, { highWaterMark: 64 * 1024 }) : source;
  const decoder = new TextDecoder('utf-8', { fatal: true }); // drops a leading BOM
  let totalBytes = 0;
  let line = 1;
  let lines = 0;
  let pending = '';
  let isFirstChunk = true;

  const emit = function* (text: string): Generator<TextLine> {
    const withoutCr = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (withoutCr.trim() !== '') {
      if (++lines > maxLines) {
        throw new TextFileError(
          { line, message: `file has more than ${maxLines} lines` },
          { isTooLarge: true },
        );
      }
      yield { line, text: withoutCr };
    }
    line++;
  };

  for await (const raw of stream) {
    const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    totalBytes += bytes.byteLength;
    if (totalBytes > maxFileBytes) throw tooLarge(totalBytes, maxFileBytes, true);
    if (isFirstChunk) {
      isFirstChunk = false;
      const signature = describeBinarySignature(bytes);
      if (signature)
        throw new TextFileError({ message: `this is ${signature}, not a UTF-8 text file` });
    }
    const nulAt = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(0);
    if (nulAt !== -1) {
      throw new TextFileError({
        line: line + countLineFeeds(bytes, nulAt),
        message: `binary content: NUL byte at byte ${totalBytes - bytes.byteLength + nulAt + 1}; expected UTF-8 text`,
      });
    }
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      throw new TextFileError({
        line,
        message: 'not valid UTF-8 text (binary or another encoding); save the file as UTF-8',
      });
    }
    let start = 0;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', start)) {
      const piece = pending + text.slice(start, at);
      pending = '';
      if (piece.length - Number(piece.endsWith('\r')) > maxLineLength)
        throw lineTooLong(line, maxLineLength);
      yield* emit(piece);
      start = at + 1;
    }
    pending += text.slice(start);
    if (pending.length > maxLineLength + 1) throw lineTooLong(line, maxLineLength);
  }
  try {
    pending += decoder.decode();
  } catch {
    throw new TextFileError({
      line,
      message: 'not valid UTF-8 text (truncated multi-byte character at the end of the file)',
    });
  }
  if (pending.length - Number(pending.endsWith('\r')) > maxLineLength)
    throw lineTooLong(line, maxLineLength);
  if (pending !== '') yield* emit(pending);
}

function countLineFeeds(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === LF) count++;
  return count;
}

function lineTooLong(line: number, maxLineLength: number): TextFileError {
  return new TextFileError(
    { line, message: `line ${line} is longer than ${maxLineLength} characters` },
    { isTooLarge: true },
  );
}

function tooLarge(bytes: number, maxBytes: number, isLowerBound = false): TextFileError {
  return new TextFileError(
    {
      message: `file is too large: ${isLowerBound ? 'more than ' : ''}${bytes} bytes, the limit is ${maxBytes} bytes`,
    },
    { isTooLarge: true },
  );
}
