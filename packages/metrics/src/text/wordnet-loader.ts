// The one I/O module of the metrics package: it reads the WordNet 3.0 database to build METEOR's
// synonym provider. It is kept out of `text/index.ts` so that the metric functions stay pure;
// import it directly where files may be read (worker, CLI, tests).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SynonymProvider } from './meteor-score.js';

// nltk's POS_LIST order, with the file suffixes of the database.
const PARTS_OF_SPEECH = [
  ['n', 'noun'],
  ['v', 'verb'],
  ['a', 'adj'],
  ['r', 'adv'],
] as const;
type Pos = (typeof PARTS_OF_SPEECH)[number][0];

// nltk WordNetCorpusReader.MORPHOLOGICAL_SUBSTITUTIONS (morphy's detachment rules), in order.
const SUBSTITUTIONS: Record<Pos, readonly (readonly [string, string])[]> = {
  n: [
    ['s', ''],
    ['ses', 's'],
    ['ves', 'f'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  v: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  a: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  r: [],
};

type WordNetDatabase = {
  /** lemma → part of speech → synset byte offsets in data.<pos> (nltk `_lemma_pos_offset_map`). */
  index: Map<string, Map<Pos, number[]>>;
  /** part of speech → inflected form → base forms (nltk `_exception_map`, from <pos>.exc). */
  exceptions: Map<Pos, Map<string, string[]>>;
  /** part of speech → data file, latin1-decoded so string index = byte offset (the files are ASCII). */
  data: Map<Pos, string>;
};

function readDatabase(directory: string): WordNetDatabase {
  const db: WordNetDatabase = { index: new Map(), exceptions: new Map(), data: new Map() };
  for (const [pos, suffix] of PARTS_OF_SPEECH) {
    for (const line of readFileSync(join(directory, `index.${suffix}`), 'latin1').split('\n')) {
      if (line === '' || line.startsWith(' ')) continue; // licence header lines start with spaces
      const fields = line.split(/\s+/);
      const [lemma = '', linePos = ''] = fields;
      const synsetCount = Number(fields[2]);
      const pointerCount = Number(fields[3]);
      // lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt synset_offset…
      const offsetsAt = 4 + pointerCount + 2;
      const offsets = fields.slice(offsetsAt, offsetsAt + synsetCount).map(Number);
      let byPos = db.index.get(lemma);
      if (byPos === undefined) db.index.set(lemma, (byPos = new Map()));
      byPos.set(linePos as Pos, offsets);
    }
    const exceptions = new Map<string, string[]>();
    for (const line of readFileSync(join(directory, `${suffix}.exc`), 'latin1').split('\n')) {
      const [inflected, ...bases] = line.split(/\s+/).filter((t) => t !== '');
      if (inflected !== undefined) exceptions.set(inflected, bases);
    }
    db.exceptions.set(pos, exceptions);
    db.data.set(pos, readFileSync(join(directory, `data.${suffix}`), 'latin1'));
  }
  return db;
}

/** nltk's `_morphy(form, pos)`: exception list, else detachment rules applied until a lemma exists. */
function morphy(db: WordNetDatabase, form: string, pos: Pos): string[] {
  const filter = (forms: readonly string[]): string[] => {
    const seen = new Set<string>();
    return forms.filter((f) => {
      if (seen.has(f) || db.index.get(f)?.has(pos) !== true) return false;
      seen.add(f);
      return true;
    });
  };
  const rules = SUBSTITUTIONS[pos];
  const apply = (forms: readonly string[]): string[] =>
    forms.flatMap((f) =>
      rules.flatMap(([old, replacement]) =>
        f.endsWith(old) ? [f.slice(0, -old.length) + replacement] : [],
      ),
    );

  const exception = db.exceptions.get(pos)?.get(form);
  if (exception !== undefined) return filter([form, ...exception]);
  let forms = apply([form]);
  const first = filter([form, ...forms]);
  if (first.length > 0) return first;
  while (forms.length > 0) {
    forms = apply(forms);
    const results = filter(forms);
    if (results.length > 0) return results;
  }
  return [];
}

/** Lemma names of the synset at `offset`, syntactic markers like "(a)" removed (nltk's parser). */
function lemmaNames(data: string, offset: number): string[] {
  const end = data.indexOf('\n', offset);
  const fields = data.slice(offset, end === -1 ? undefined : end).split(' ');
  // synset_offset lex_filenum ss_type w_cnt(hex) word lex_id [word lex_id…] …
  if (Number(fields[0]) !== offset) throw new Error(`wordnet: no synset at byte ${offset}`);
  const count = Number.parseInt(fields[3] ?? '0', 16);
  const names: string[] = [];
  for (let k = 0; k < count; k++) {
    const raw = fields[4 + 2 * k] ?? '';
    names.push(raw.replace(/\(.*\)$/, ''));
  }
  return names;
}

/**
 * Reads a WordNet 3.0 database directory (Debian's wordnet-base installs it in /usr/share/wordnet:
 * index.*, data.*, *.exc) and returns the synonym provider METEOR needs: for a word, the lemma
 * names of every synset nltk 3.8 `wordnet.synsets(word)` would return, i.e. over nouns, verbs,
 * adjectives and adverbs, with the word lower-cased and lemmatized by morphy (exception lists, then
 * the detachment rules). Look-ups are cached. Reads about 30 MB synchronously.
 * @throws {Error} when a file is missing (ENOENT) or an index points at no synset.
 * @example meteorScores(cands, refs, { synonyms: loadWordNetSynonyms('/usr/share/wordnet') })
 */
export function loadWordNetSynonyms(directory: string): SynonymProvider {
  const db = readDatabase(directory);
  const cache = new Map<string, ReadonlySet<string>>();
  return (word: string) => {
    const lemma = word.toLowerCase();
    let names = cache.get(lemma);
    if (names === undefined) {
      const found = new Set<string>();
      for (const [pos] of PARTS_OF_SPEECH) {
        const data = db.data.get(pos) ?? '';
        for (const form of morphy(db, lemma, pos)) {
          for (const offset of db.index.get(form)?.get(pos) ?? []) {
            for (const name of lemmaNames(data, offset)) found.add(name);
          }
        }
      }
      cache.set(lemma, (names = found));
    }
    return names;
  };
}
