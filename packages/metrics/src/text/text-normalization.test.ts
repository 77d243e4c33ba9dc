import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TEXT_NORMALIZATION,
  describeTextNormalization,
  isTextNormalization,
  TEXT_NORMALIZATION_KEYS,
  TEXT_NORMALIZATIONS,
} from './text-normalization.js';

describe('TEXT_NORMALIZATIONS', () => {
  it('lists whitespace (the default, as boards were scored before) and ptb-lower', () => {
    expect(TEXT_NORMALIZATION_KEYS).toEqual(['whitespace', 'ptb-lower']);
    expect(DEFAULT_TEXT_NORMALIZATION).toBe('whitespace');
  });

  it('gives each a short label and one sentence that says ROUGE-L keeps its own tokenizer', () => {
    for (const n of TEXT_NORMALIZATIONS) {
      expect(n.label.length).toBeLessThanOrEqual(24);
      expect(n.description).toMatch(/^[A-Z].*\.$/s);
      expect(n.description.match(/\. [A-Z]/g)).toBeNull();
      expect(n.description).toContain('ROUGE-L');
    }
  });

  it('recognizes its keys and nothing else', () => {
    expect(isTextNormalization('ptb-lower')).toBe(true);
    expect(isTextNormalization('PTB')).toBe(false);
    expect(isTextNormalization(undefined)).toBe(false);
    expect(describeTextNormalization('ptb-lower').label).toBe('PTB, lower-cased');
  });

  it('is metadata only: the module imports nothing, so pages can read it without tokenizer code', () => {
    const source = readFileSync(new URL('./text-normalization.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^\s*(import|export .* from)\b/m);
  });
});
