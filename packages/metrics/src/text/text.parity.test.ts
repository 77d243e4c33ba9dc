// Parity with shared/peers/peer_text.py (nltk 3.8 BLEU, rouge_score ROUGE-L) on the seeded peer
// data; expected values from the peers README §6. Generate the data with `bash tools/peers-data.sh`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  computeBleuStatistics,
  computeBleuStatisticsFromIds,
  corpusBleuFromStatistics,
  sentenceBleuFromStatistics,
} from './bleu-score.js';
import { ciderDScore } from './cider-d-score.js';
import { meanMeteorScore } from './meteor-score.js';
import { rougeLScore } from './rouge-l-score.js';
import { spaceTokenize, Vocabulary } from './tokenize.js';
import { loadWordNetSynonyms } from './wordnet-loader.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const DATA_DIR = process.env.PEERS_DATA_DIR ?? join(REPO_ROOT, '.peers/data');
const TOLERANCE = 1e-12;
// Debian's wordnet-base, the WordNet 3.0 copy the peer's nltk reads.
const WORDNET_DIR = '/usr/share/wordnet';

let wordNet: ReturnType<typeof loadWordNetSynonyms> | undefined;
function loadWordNetOrFail() {
  if (wordNet !== undefined) return wordNet;
  if (!existsSync(join(WORDNET_DIR, 'index.noun'))) {
    throw new Error(
      `WordNet 3.0 missing in ${WORDNET_DIR}: run \`apt-get install wordnet-base\` (needed for METEOR parity).`,
    );
  }
  return (wordNet = loadWordNetSynonyms(WORDNET_DIR));
}

const EXPECTED = {
  'report_n2k.jsonl': {
    bleu4_corpus_none: 0.6695008894864254,
    bleu4_corpus_method1: 0.6695008894864254,
    bleu4_sentence_mean_method1: 0.6246892331659131,
    rougeL_f_mean: 0.7448820441699154,
    meteor_mean: 0.7367564409745108,
  },
  'report_n20k.jsonl': {
    bleu4_corpus_none: 0.6636847025367736,
    bleu4_corpus_method1: 0.6636847025367736,
    bleu4_sentence_mean_method1: 0.6217157238257672,
    rougeL_f_mean: 0.7420593562310721,
    meteor_mean: 0.7343446631071974,
  },
} as const;

type ReportPairs = { references: string[]; candidates: string[] };

function loadReportPairs(file: string): ReportPairs {
  const path = join(DATA_DIR, 'text', file);
  if (!existsSync(path)) {
    throw new Error(
      `peer data missing: ${path} not found. Run \`bash tools/peers-data.sh\` (or set PEERS_DATA_DIR).`,
    );
  }
  const pairs: ReportPairs = { references: [], candidates: [] };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line === '') continue;
    const o = JSON.parse(line) as { reference: string; candidate: string };
    pairs.references.push(o.reference);
    pairs.candidates.push(o.candidate);
  }
  return pairs;
}

const expectClose = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(TOLERANCE);

describe.each(Object.keys(EXPECTED) as (keyof typeof EXPECTED)[])('text parity on %s', (file) => {
  const expected = EXPECTED[file];

  it('matches nltk corpus and sentence BLEU-4 and rouge_score ROUGE-L within 1e-12', () => {
    const { references, candidates } = loadReportPairs(file);
    const stats = computeBleuStatistics(
      candidates.map(spaceTokenize),
      references.map((r) => [spaceTokenize(r)]),
      4,
    );
    if (file === 'report_n2k.jsonl') {
      // README §6 checks: 56,441 reference and 50,522 candidate tokens.
      expect(stats.candidateLengths.reduce((s, v) => s + v, 0)).toBe(50_522);
    }
    expectClose(corpusBleuFromStatistics(stats, { smoothing: 'none' }), expected.bleu4_corpus_none);
    expectClose(
      corpusBleuFromStatistics(stats, { smoothing: 'method1' }),
      expected.bleu4_corpus_method1,
    );
    const sentences = sentenceBleuFromStatistics(stats, { smoothing: 'method1' });
    let sum = 0;
    for (const s of sentences) sum += s;
    expectClose(sum / sentences.length, expected.bleu4_sentence_mean_method1);
    expectClose(rougeLScore(candidates, references), expected.rougeL_f_mean);
  });

  it('gives the same BLEU statistics when tokens are encoded straight from the text', () => {
    const { references, candidates } = loadReportPairs(file);
    const vocabulary = new Vocabulary();
    const fromIds = computeBleuStatisticsFromIds(
      candidates.map((c) => vocabulary.encodeSpaceTokenized(c)),
      references.map((r) => [vocabulary.encodeSpaceTokenized(r)]),
    );
    const fromTokens = computeBleuStatistics(
      candidates.map(spaceTokenize),
      references.map((r) => [spaceTokenize(r)]),
    );
    expect(fromIds).toEqual(fromTokens);
  });
});

describe('corpus BLEU-1…3 on report_n2k.jsonl', () => {
  // Not in the peers' output: nltk 3.8 corpus_bleu with weights (1,), (1/2, 1/2), (1/3, 1/3, 1/3),
  // run with /usr/bin/python3 on the same pairs.
  it.each([
    [1, 0.7615972954862653],
    [2, 0.7279840738590924],
    [3, 0.698235239946382],
  ])('BLEU-%i matches nltk within 1e-12', (maxOrder, expected) => {
    const { references, candidates } = loadReportPairs('report_n2k.jsonl');
    const stats = computeBleuStatistics(
      candidates.map(spaceTokenize),
      references.map((r) => [spaceTokenize(r)]),
      4,
    );
    expectClose(corpusBleuFromStatistics(stats, { maxOrder }), expected);
  });
});

describe('METEOR parity with nltk 3.8 meteor_score', () => {
  it('serves the synonyms nltk wordnet.synsets gives, morphy included', () => {
    // nltk 3.8 over the same files: sorted lemma names of wordnet.synsets(word).
    const synonyms = loadWordNetOrFail();
    const sorted = (word: string) => [...synonyms(word)].sort();
    expect(sorted('effusions')).toEqual(['blowup', 'ebullition', 'effusion', 'gush', 'outburst']);
    expect(sorted('lungs')).toEqual(['lung']);
    expect(sorted('geese')).toEqual([
      'bozo',
      'cuckoo',
      'fathead',
      'goof',
      'goofball',
      'goose',
      'jackass',
      'twat',
      'zany',
    ]);
    expect(sorted('women')).toEqual([
      'adult_female',
      'char',
      'charwoman',
      'cleaning_lady',
      'cleaning_woman',
      'fair_sex',
      'woman',
      'womanhood',
    ]);
    expect(sorted('hardest')).toContain('difficult');
    expect(sorted('seen')).toHaveLength(55);
    expect(sorted('effus')).toEqual([]);
    expect(sorted('.')).toEqual([]);
  });

  it.each(Object.keys(EXPECTED) as (keyof typeof EXPECTED)[])(
    'matches meteor_mean on %s within 1e-12',
    (file) => {
      const synonyms = loadWordNetOrFail();
      const { references, candidates } = loadReportPairs(file);
      const mean = meanMeteorScore(
        candidates.map(spaceTokenize),
        references.map((r) => [spaceTokenize(r)]),
        { synonyms },
      );
      expectClose(mean, EXPECTED[file].meteor_mean);
    },
  );
});

describe('CIDEr-D on report_n2k.jsonl', () => {
  // No peer computes CIDEr-D. Expected values: vrama91/cider `ciderD_scorer.py` @3b388bd run under
  // /usr/bin/python3 with only the Python 2 names (iteritems, xrange) changed, corpus DF mode.
  it('matches the reference CiderD scorer with one and with two references per report', () => {
    const { references, candidates } = loadReportPairs('report_n2k.jsonl');
    const c = candidates.map(spaceTokenize),
      r = references.map(spaceTokenize);
    const single = ciderDScore(
      c,
      r.map((ref) => [ref]),
    );
    expectClose(single.score, 4.614208137221654);
    expectClose(single.scores[0] ?? Number.NaN, 0.6622909761773257);
    expectClose(single.scores[1999] ?? Number.NaN, 4.748395024397808);
    const paired = ciderDScore(
      c,
      r.map((ref, i) => [ref, r[(i + 1) % r.length] ?? []]),
    );
    expectClose(paired.score, 2.345787768198702);
    expectClose(paired.scores[0] ?? Number.NaN, 0.34624294386724197);
  });
});
