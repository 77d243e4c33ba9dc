import { describe, expect, it } from 'vitest';
import { rougeTokenize, spaceTokenize, Vocabulary } from './tokenize.js';

describe('spaceTokenize', () => {
  it('splits on single spaces like Python str.split(" "), keeping empty tokens', () => {
    expect(spaceTokenize('no effusion .')).toEqual(['no', 'effusion', '.']);
    expect(spaceTokenize('a  b ')).toEqual(['a', '', 'b', '']);
    expect(spaceTokenize('')).toEqual(['']);
  });
});

describe('Vocabulary', () => {
  it('gives dense ids in first-seen order and the same id to the same token', () => {
    const v = new Vocabulary();
    expect([...v.encode(['b', 'a', 'b', ''])]).toEqual([0, 1, 0, 2]);
    expect(v.size).toBe(3);
    expect(v.tokenOf(1)).toBe('a');
  });

  it('encodes straight from text exactly as the string tokenizers would', () => {
    const texts = [
      'No pleural-effusion.  Lungs: CLEAR!',
      'a  b ',
      '',
      'Ünïcode 42x y_z',
      'effusion effusion',
    ];
    const direct = new Vocabulary(),
      viaTokens = new Vocabulary();
    for (const text of texts) {
      expect([...direct.encodeSpaceTokenized(text)]).toEqual([
        ...viaTokens.encode(spaceTokenize(text)),
      ]);
      expect([...direct.encodeRougeTokenized(text)]).toEqual([
        ...viaTokens.encode(rougeTokenize(text)),
      ]);
    }
  });

  it('keeps ids stable while its table grows', () => {
    const v = new Vocabulary();
    const words = Array.from({ length: 5000 }, (_, i) => `w${i * 7919}`);
    const first = v.encode(words);
    expect(v.size).toBe(5000);
    expect([...v.encode(words)]).toEqual([...first]);
    expect(v.tokenOf(4999)).toBe(words[4999]);
  });
});
