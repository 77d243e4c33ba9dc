import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWordNetSynonyms } from './wordnet-loader.js';

/** Writes a WordNet-format data file whose synset offsets are real byte offsets; returns them. */
function writeData(path: string, synsets: { pos: string; lemmas: string[] }[]): number[] {
  let text = '  1 licence header line, skipped by offset\n';
  const offsets: number[] = [];
  for (const { pos, lemmas } of synsets) {
    const offset = Buffer.byteLength(text);
    offsets.push(offset);
    const words = lemmas.map((l) => `${l} 0`).join(' ');
    text += `${String(offset).padStart(8, '0')} 05 ${pos} ${lemmas.length.toString(16).padStart(2, '0')} ${words} 000 | a gloss\n`;
  }
  writeFileSync(path, text);
  return offsets;
}

describe('loadWordNetSynonyms on a miniature WordNet database', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wordnet-'));
    const [effusion = 0, gush = 0, goose = 0] = writeData(join(dir, 'data.noun'), [
      { pos: 'n', lemmas: ['effusion', 'gush'] },
      { pos: 'n', lemmas: ['gush', 'Outpouring'] },
      { pos: 'n', lemmas: ['goose', 'fathead', 'silly_goose'] },
    ]);
    writeFileSync(
      join(dir, 'index.noun'),
      `  1 licence\neffusion n 1 1 @ 1 0 ${effusion}\ngush n 2 0 2 0 ${effusion} ${gush}\ngoose n 1 0 1 0 ${goose}\n`,
    );
    writeFileSync(join(dir, 'noun.exc'), 'geese goose\n');
    const [see = 0] = writeData(join(dir, 'data.verb'), [{ pos: 'v', lemmas: ['see', 'witness'] }]);
    writeFileSync(join(dir, 'index.verb'), `see v 1 0 1 0 ${see}\n`);
    writeFileSync(join(dir, 'verb.exc'), 'seen see\nsaw see\n');
    const [remote = 0] = writeData(join(dir, 'data.adj'), [
      { pos: 's', lemmas: ['outback(a)', 'remote'] },
    ]);
    writeFileSync(
      join(dir, 'index.adj'),
      `outback a 1 0 1 0 ${remote}\nremote a 1 0 1 0 ${remote}\n`,
    );
    writeFileSync(join(dir, 'adj.exc'), '');
    writeData(join(dir, 'data.adv'), []);
    writeFileSync(join(dir, 'index.adv'), '');
    writeFileSync(join(dir, 'adv.exc'), '');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const sorted = (word: string) => [...loadWordNetSynonyms(dir)(word)].sort();

  it('collects the lemma names of every synset of the lemma, keeping their case and underscores', () => {
    expect(sorted('gush')).toEqual(['Outpouring', 'effusion', 'gush']);
    expect(sorted('geese')).toEqual(['fathead', 'goose', 'silly_goose']);
  });

  it("lemmatizes like nltk's morphy: detachment rules, then exception lists", () => {
    expect(sorted('effusions')).toEqual(['effusion', 'gush']); // noun rule -s
    expect(sorted('gushes')).toEqual(['Outpouring', 'effusion', 'gush']); // noun rule -shes → -sh
    expect(sorted('seen')).toEqual(['see', 'witness']); // verb.exc
    expect(sorted('Saw')).toEqual(['see', 'witness']); // lower-cased first
  });

  it('strips adjective syntactic markers such as "(a)"', () => {
    expect(sorted('remote')).toEqual(['outback', 'remote']);
  });

  it('returns an empty set for unknown words and throws for a missing database', () => {
    expect(sorted('effus')).toEqual([]);
    expect(() => loadWordNetSynonyms(join(dir, 'absent'))).toThrow(/ENOENT/);
  });
});
