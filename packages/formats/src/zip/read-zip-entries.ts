import type { CsvSource } from '../csv/read-csv-records.js';
import type { IssueCollector } from '../csv/issue-collector.js';
import { ZipArchive, type ZipLimits } from './zip-archive.js';

export {
  DEFAULT_ZIP_LIMITS,
  ZipArchive,
  ZipFormatError,
  isArchiveClutter,
  unsafeEntryName,
  type ZipEntryHandle,
  type ZipLimits,
} from './zip-archive.js';

/** A file read from an archive: 1-based position in the central directory, safe name, bytes. */
export interface ZipFileEntry {
  index: number;
  name: string;
  bytes: Buffer;
}

/**
 * Reads the files of a zip archive one at a time, each entry whole, with every check of
 * {@link ZipArchive} (limits while listing and while inflating, unsafe names, symlinks,
 * encryption, repeats). One entry is in memory at a time, at most `maxEntryBytes`; parsers that
 * can decide from a header should use {@link ZipArchive} and stream the entry instead.
 */
export async function* readZipEntries(
  source: CsvSource | Uint8Array,
  { limits = {}, issues }: { limits?: ZipLimits; issues: IssueCollector },
): AsyncGenerator<ZipFileEntry> {
  const archive = await ZipArchive.open(source, { limits, issues });
  try {
    for await (const entry of archive.entries()) {
      const chunks: Buffer[] = [];
      let bytes = 0;
      for await (const chunk of entry.chunks()) {
        chunks.push(chunk);
        bytes += chunk.length;
      }
      yield { index: entry.index, name: entry.name, bytes: Buffer.concat(chunks, bytes) };
    }
  } finally {
    archive.close();
  }
}
