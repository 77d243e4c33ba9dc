/**
 * Splits on single spaces exactly like Python's `str.split(" ")`, the tokenization the nltk BLEU
 * and METEOR references are fed with (pre-tokenized text, `.` and `,` as their own tokens).
 * Consecutive spaces give empty tokens, as in Python.
 * @example spaceTokenize('no effusion .') // ['no', 'effusion', '.']
 */
export function spaceTokenize(text: string): string[] {
  return text.split(' ');
}

/**
 * rouge_score's default tokenizer (`tokenize.tokenize`, no stemmer): lower-case, every run of
 * characters outside `[a-z0-9]` becomes a space, split on whitespace, drop empty tokens.
 * Punctuation and non-ASCII letters therefore vanish. Implemented as a scan for maximal
 * `[a-z0-9]` runs of the lower-cased text, which yields the same tokens without the regex pass.
 * @see google-research/rouge `rouge/tokenize.py`.
 * @example rougeTokenize('No pleural-effusion.') // ['no', 'pleural', 'effusion']
 */
export function rougeTokenize(text: string): string[] {
  const lower = text.toLowerCase();
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0;
    const isAlnum = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (isAlnum) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      tokens.push(lower.slice(start, i));
      start = -1;
    }
  }
  return tokens;
}

const EMPTY_SLOT = -1;

/**
 * Interns tokens as dense integer ids (0, 1, 2, …) so that n-gram counting and LCS compare
 * integers instead of strings. It is a hash map from token text to id, hand-rolled (FNV-1a, open
 * addressing) so that tokens can be looked up straight from a range of the source text: splitting
 * a 20k-report corpus into substrings first cost more than all of BLEU's counting.
 */
export class Vocabulary {
  #tokens: string[] = [];
  #hashes = new Int32Array(256);
  #table = new Int32Array(1024).fill(EMPTY_SLOT);
  #buffer = new Int32Array(256);

  get size(): number {
    return this.#tokens.length;
  }

  /** The token with this id. */
  tokenOf(id: number): string | undefined {
    return this.#tokens[id];
  }

  /** Id of `text.slice(start, end)`, added if new. */
  idOfRange(text: string, start: number, end: number): number {
    let hash = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    const table = this.#table;
    const mask = table.length - 1;
    let slot = hash & mask;
    for (let id = table[slot] ?? EMPTY_SLOT; id !== EMPTY_SLOT; id = table[slot] ?? EMPTY_SLOT) {
      if (this.#hashes[id] === hash && this.#equalsRange(id, text, start, end)) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.#tokens.length;
    this.#tokens.push(text.slice(start, end));
    if (id >= this.#hashes.length) {
      const grown = new Int32Array(this.#hashes.length * 2);
      grown.set(this.#hashes);
      this.#hashes = grown;
    }
    this.#hashes[id] = hash;
    table[slot] = id;
    if (this.#tokens.length * 2 > table.length) this.#rehash();
    return id;
  }

  idOf(token: string): number {
    let hash = 0x811c9dc5 | 0;
    for (let i = 0; i < token.length; i++) hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193);
    const table = this.#table;
    const mask = table.length - 1;
    let slot = hash & mask;
    // Whole-string comparison (native) instead of the character loop of idOfRange.
    for (let id = table[slot] ?? EMPTY_SLOT; id !== EMPTY_SLOT; id = table[slot] ?? EMPTY_SLOT) {
      if (this.#hashes[id] === hash && this.#tokens[id] === token) return id;
      slot = (slot + 1) & mask;
    }
    return this.idOfRange(token, 0, token.length);
  }

  encode(tokens: readonly string[]): Int32Array {
    const ids = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) ids[i] = this.idOf(tokens[i] ?? '');
    return ids;
  }

  /** Ids of `spaceTokenize(text)` without materializing the tokens. */
  encodeSpaceTokenized(text: string): Int32Array {
    let count = 1;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 32) count += 1;
    const ids = new Int32Array(count);
    let start = 0,
      k = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i === text.length || text.charCodeAt(i) === 32) {
        ids[k++] = this.idOfRange(text, start, i);
        start = i + 1;
      }
    }
    return ids;
  }

  /** Ids of `rougeTokenize(text)` without materializing the tokens. */
  encodeRougeTokenized(text: string): Int32Array {
    const lower = text.toLowerCase();
    let k = 0,
      start = -1;
    for (let i = 0; i <= lower.length; i++) {
      const c = i < lower.length ? lower.charCodeAt(i) : 0;
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        if (k === this.#buffer.length) {
          const grown = new Int32Array(k * 2);
          grown.set(this.#buffer);
          this.#buffer = grown;
        }
        this.#buffer[k++] = this.idOfRange(lower, start, i);
        start = -1;
      }
    }
    return this.#buffer.slice(0, k);
  }

  #equalsRange(id: number, text: string, start: number, end: number): boolean {
    const token = this.#tokens[id] ?? '';
    if (token.length !== end - start) return false;
    for (let i = 0; i < token.length; i++)
      if (token.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
    return true;
  }

  #rehash(): void {
    const table = new Int32Array(this.#table.length * 2).fill(EMPTY_SLOT);
    const mask = table.length - 1;
    for (let id = 0; id < this.#tokens.length; id++) {
      let slot = (this.#hashes[id] ?? 0) & mask;
      while (table[slot] !== EMPTY_SLOT) slot = (slot + 1) & mask;
      table[slot] = id;
    }
    this.#table = table;
  }
}
