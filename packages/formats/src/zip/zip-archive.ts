import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { AppError, type FileIssue } from '@medrank/core';
import type { CsvSource } from '../csv/read-csv-records.js';
import type { IssueCollector } from '../csv/issue-collector.js';
import { readSourceBytes } from '../binary/read-source-bytes.js';

export interface ZipLimits {
  /** Archive size in bytes. Default 1 GiB. */
  maxFileBytes?: number;
  /** Entries in the central directory (directories included). Default 10,000. */
  maxEntries?: number;
  /** Uncompressed bytes of one entry, declared and actually inflated. Default 512 MiB. */
  maxEntryBytes?: number;
  /** Uncompressed bytes of all entries read, declared and actually inflated. Default 2 GiB. */
  maxTotalBytes?: number;
  /**
   * Uncompressed / compressed size of an entry, declared and while inflating. Default 1100:
   * deflate cannot exceed about 1032:1, and an all-background label mask stored as a raw .nii
   * legitimately gets close to that, so the default only stops forged headers and other
   * methods; the byte limits above are the real bound. Tracks of small masks may lower it.
   */
  maxCompressionRatio?: number;
  /** Entries whose uncompressed size is at most this are exempt from the ratio check. Default 1 MiB. */
  ratioCheckMinBytes?: number;
}

export const DEFAULT_ZIP_LIMITS: Required<ZipLimits> = {
  maxFileBytes: 1024 * 1024 * 1024,
  maxEntries: 10_000,
  maxEntryBytes: 512 * 1024 * 1024,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  maxCompressionRatio: 1100,
  ratioCheckMinBytes: 1024 * 1024,
};

/** A problem that stops reading the archive (not a zip, a limit, a bomb). Carries the issue for the user. */
export class ZipFormatError extends AppError {
  readonly issue: FileIssue;
  constructor(issue: FileIssue, { isTooLarge = false }: { isTooLarge?: boolean } = {}) {
    super(isTooLarge ? 'PAYLOAD_TOO_LARGE' : 'INVALID_SUBMISSION', issue.message, {
      details: issue,
    });
    this.name = 'ZipFormatError';
    this.issue = issue;
  }
}

const S_IFMT = 0o170000,
  S_IFLNK = 0o120000,
  S_IFDIR = 0o040000;
/** Operating systems (high byte of "version made by") whose external attributes carry Unix modes. */
const UNIX_HOSTS = new Set([3, 19]); // Unix, OS X

/** Archive clutter that macOS and Windows add; skipped without an issue. */
export function isArchiveClutter(name: string): boolean {
  const base = name.slice(name.lastIndexOf('/') + 1);
  return (
    name.startsWith('__MACOSX/') ||
    base === '.DS_Store' ||
    base.startsWith('._') ||
    base === 'Thumbs.db'
  );
}

/**
 * Why an entry name is unsafe to use, or null: absolute paths, drive letters, `..` segments,
 * backslashes, control characters and empty segments are refused (zip-slip). Names are only used
 * as keys, never written to disk, but a case id must not depend on how a path would resolve.
 */
export function unsafeEntryName(name: string): string | null {
  if (name.length === 0) return 'empty name';
  if (name.includes('\\')) return 'backslash in the name';
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return 'absolute path';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'control character in the name';
  const segments = name.replace(/\/$/, '').split('/');
  if (segments.includes('..')) return 'path traversal ("..")';
  if (segments.some((s) => s === '' || s === '.')) return 'empty or "." path segment';
  return null;
}

function entryLabel(index: number, name: string): string {
  const shown = name.length > 80 ? `${name.slice(0, 77)}...` : name;
  return `entry ${index} "${shown}"`;
}

function decodeName(entry: yauzl.Entry): string {
  // decodeStrings is off so a bad name is one issue instead of aborting the archive; decode it the
  // way yauzl would (UTF-8 flag, Info-ZIP Unicode path field, else CP437), without its validation.
  const raw = (entry as unknown as { fileNameRaw: Buffer }).fileNameRaw;
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, true);
}

async function openArchive(
  source: CsvSource | Uint8Array,
  maxFileBytes: number,
): Promise<yauzl.ZipFile> {
  const options = {
    lazyEntries: true,
    decodeStrings: false,
    validateEntrySizes: true,
    autoClose: false,
  };
  const tooLarge = (size: number) =>
    new ZipFormatError(
      { message: `the archive is ${size} bytes; the limit is ${maxFileBytes} bytes` },
      { isTooLarge: true },
    );
  try {
    if (typeof source === 'string') {
      const { size } = await stat(source);
      if (size > maxFileBytes) throw tooLarge(size);
      return await yauzl.openPromise(source, options);
    }
    const read = await readSourceBytes(source, maxFileBytes);
    if (!read.ok) throw tooLarge(read.size);
    return await yauzl.fromBufferPromise(read.bytes, options);
  } catch (error) {
    if (error instanceof ZipFormatError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ZipFormatError({
      message: `not a readable zip archive (${reason}); expected a .zip file`,
    });
  }
}

function nextEntry(zipfile: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zipfile.off('entry', onEntry);
      zipfile.off('end', onEnd);
      zipfile.off('error', onError);
    };
    const onEntry = (entry: yauzl.Entry) => (cleanup(), resolve(entry));
    const onEnd = () => (cleanup(), resolve(null));
    const onError = (error: Error) => (cleanup(), reject(error));
    zipfile.on('entry', onEntry);
    zipfile.on('end', onEnd);
    zipfile.on('error', onError);
    zipfile.readEntry();
  });
}

/**
 * A file entry of an archive that passed the name, type and declared-size checks. Its bytes are
 * inflated only when asked for, as a stream, with the entry, total and ratio limits enforced
 * while inflating; stopping early (a parser that only needs a header) stops the inflation.
 */
export interface ZipEntryHandle {
  /** 1-based position in the central directory. */
  index: number;
  name: string;
  /** Uncompressed size the archive declares (yauzl refuses an entry that inflates to more). */
  declaredBytes: number;
  /** The inflated bytes, chunk by chunk; may be called again to read the entry again. */
  chunks(): AsyncGenerator<Buffer>;
}

/**
 * An open zip archive, read with bounded memory and defended against hostile archives:
 * - the entry count, every declared size, the declared total and the declared compression ratio
 *   are checked while listing, before anything is inflated, and inflated bytes are counted while
 *   streaming, aborting as soon as the entry, total or ratio limit is passed (a lying header
 *   cannot smuggle a bomb);
 * - unsafe names (absolute, `..`, backslashes, control characters), symlinks, encrypted entries,
 *   unsupported compression methods and repeated names are reported as one issue each, naming
 *   the entry, and skipped; directories and OS clutter (`__MACOSX/`, `.DS_Store`, `._*`) are
 *   skipped silently.
 * Entry-level problems go to `issues`; archive-level ones (not a zip, corrupt, a limit, a bomb)
 * throw a {@link ZipFormatError} whose issue names the entry where reading stopped. Entries can be
 * read in any order and more than once while the archive is open (a header first, the rest later).
 */
export class ZipArchive {
  readonly #zipfile: yauzl.ZipFile;
  readonly #limits: Required<ZipLimits>;
  readonly #issues: IssueCollector;
  #inflatedBytes = 0;

  private constructor(zipfile: yauzl.ZipFile, limits: Required<ZipLimits>, issues: IssueCollector) {
    this.#zipfile = zipfile;
    this.#limits = limits;
    this.#issues = issues;
  }

  static async open(
    source: CsvSource | Uint8Array,
    { limits = {}, issues }: { limits?: ZipLimits; issues: IssueCollector },
  ): Promise<ZipArchive> {
    const l = { ...DEFAULT_ZIP_LIMITS, ...limits };
    const zipfile = await openArchive(source, l.maxFileBytes);
    if (zipfile.entryCount > l.maxEntries) {
      zipfile.close();
      throw new ZipFormatError(
        { message: `the archive has ${zipfile.entryCount} entries; the limit is ${l.maxEntries}` },
        { isTooLarge: true },
      );
    }
    return new ZipArchive(zipfile, l, issues);
  }

  close(): void {
    this.#zipfile.close();
  }

  /** The archive's file entries in central-directory order (call once). */
  async *entries(): AsyncGenerator<ZipEntryHandle> {
    const l = this.#limits;
    const seen = new Map<string, number>();
    let declaredTotal = 0;
    for (let index = 1; ; index++) {
      let entry: yauzl.Entry | null;
      try {
        entry = await nextEntry(this.#zipfile);
      } catch (error) {
        throw new ZipFormatError({
          line: index,
          message: `entry ${index}: corrupt archive (${error instanceof Error ? error.message : String(error)})`,
        });
      }
      if (!entry) return;
      const name = decodeName(entry);
      const label = entryLabel(index, name);
      const issue = (message: string) =>
        this.#issues.add({
          line: index,
          column: name.slice(0, 200),
          message: `${label}: ${message}`,
        });
      const unsafe = unsafeEntryName(name);
      if (unsafe) {
        issue(`${unsafe}; entries must be relative paths such as "case_001.nii.gz"`);
        continue;
      }
      const mode = UNIX_HOSTS.has(entry.versionMadeBy >> 8)
        ? (entry.externalFileAttributes >>> 16) & S_IFMT
        : 0;
      if (mode === S_IFLNK) {
        issue('is a symbolic link; only regular files are accepted');
        continue;
      }
      if (name.endsWith('/') || mode === S_IFDIR) continue;
      if (isArchiveClutter(name)) continue;
      const first = seen.get(name);
      if (first !== undefined) {
        issue(`the name repeats entry ${first}; each file may appear once`);
        continue;
      }
      seen.set(name, index);
      if (entry.isEncrypted()) {
        issue('is encrypted; upload an archive without a password');
        continue;
      }
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        issue(
          `uses compression method ${entry.compressionMethod}; only stored (0) and deflate (8) are supported`,
        );
        continue;
      }
      const tooLarge = tooLargeError(index, name);
      if (entry.uncompressedSize > l.maxEntryBytes) {
        throw tooLarge(
          `declares ${entry.uncompressedSize} uncompressed bytes; the limit per entry is ${l.maxEntryBytes}`,
        );
      }
      if (declaredTotal + entry.uncompressedSize > l.maxTotalBytes) {
        throw tooLarge(
          `brings the declared uncompressed total to ${declaredTotal + entry.uncompressedSize} bytes; the limit is ${l.maxTotalBytes}`,
        );
      }
      declaredTotal += entry.uncompressedSize;
      if (
        entry.uncompressedSize > l.ratioCheckMinBytes &&
        entry.uncompressedSize / Math.max(1, entry.compressedSize) > l.maxCompressionRatio
      ) {
        throw tooLarge(
          `declares a compression ratio of ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))}:1; the limit is ${l.maxCompressionRatio}:1 (zip-bomb defence)`,
        );
      }
      const yauzlEntry = entry;
      yield {
        index,
        name,
        declaredBytes: entry.uncompressedSize,
        chunks: () => this.#inflate(yauzlEntry, index, name),
      };
    }
  }

  async *#inflate(entry: yauzl.Entry, index: number, name: string): AsyncGenerator<Buffer> {
    const l = this.#limits;
    const label = entryLabel(index, name);
    const tooLarge = tooLargeError(index, name);
    const ratio = (bytes: number) => bytes / Math.max(1, entry.compressedSize);
    let stream: Readable;
    try {
      stream = await this.#zipfile.openReadStreamPromise(entry);
    } catch (error) {
      throw new ZipFormatError({
        line: index,
        column: name,
        message: `${label}: cannot be read (${error instanceof Error ? error.message : String(error)})`,
      });
    }
    let entryBytes = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        entryBytes += chunk.length;
        this.#inflatedBytes += chunk.length;
        if (entryBytes > l.maxEntryBytes)
          throw tooLarge(
            `inflates past ${l.maxEntryBytes} bytes, the limit per entry (zip-bomb defence)`,
          );
        if (this.#inflatedBytes > l.maxTotalBytes)
          throw tooLarge(
            `brings the inflated total past ${l.maxTotalBytes} bytes, the limit (zip-bomb defence)`,
          );
        if (entryBytes > l.ratioCheckMinBytes && ratio(entryBytes) > l.maxCompressionRatio) {
          throw tooLarge(
            `inflates at more than ${l.maxCompressionRatio}:1, the compression-ratio limit (zip-bomb defence)`,
          );
        }
        yield chunk;
      }
    } catch (error) {
      if (error instanceof ZipFormatError) throw error;
      throw new ZipFormatError({
        line: index,
        column: name,
        message: `${label}: corrupt data (${error instanceof Error ? error.message : String(error)})`,
      });
    } finally {
      // Also when the consumer stops early: nothing more is inflated.
      stream.destroy();
    }
  }
}

function tooLargeError(index: number, name: string) {
  return (what: string) =>
    new ZipFormatError(
      { line: index, column: name, message: `${entryLabel(index, name)}: ${what}` },
      { isTooLarge: true },
    );
}
