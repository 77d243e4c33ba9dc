import { loadWordNetSynonyms } from '@medrank/metrics/text/wordnet-loader';
import type { SynonymProvider } from '@medrank/metrics';

/** Where Debian's wordnet-base installs WordNet 3.0, the database nltk's METEOR is matched against. */
export const DEFAULT_WORDNET_DIRECTORY = '/usr/share/wordnet';

let directory = DEFAULT_WORDNET_DIRECTORY;
const loaded = new Map<string, { synonyms: SynonymProvider } | { error: string }>();

/** Points METEOR at another WordNet 3.0 directory (apps pass their configuration; packages read no env). */
export function setWordNetDirectory(path: string): void {
  directory = path;
}

/**
 * The WordNet synonym provider, read once per directory and cached for the process (~30 MB read
 * synchronously on first use). When the database cannot be read, the reason, so METEOR is
 * reported as null with a note instead of a value computed without synonyms.
 */
export function wordNetSynonyms(): { synonyms: SynonymProvider } | { error: string } {
  let entry = loaded.get(directory);
  if (!entry) {
    try {
      entry = { synonyms: loadWordNetSynonyms(directory) };
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'not found'
          : error instanceof Error
            ? error.message
            : String(error);
      entry = {
        error: `METEOR needs WordNet 3.0 in ${directory} (${reason}); install wordnet-base`,
      };
    }
    loaded.set(directory, entry);
  }
  return entry;
}
