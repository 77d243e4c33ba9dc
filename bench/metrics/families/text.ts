// Report generation: corpus BLEU-4, mean sentence BLEU-4, ROUGE-L and METEOR, against
// peer_text.py (nltk 3.8 BLEU/METEOR, rouge_score's ROUGE-L restated).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  computeBleuStatisticsFromIds,
  corpusBleuFromStatistics,
  corpusBleuScore,
  meanMeteorScore,
  meanSentenceBleuScore,
  rougeLScore,
  spaceTokenize,
  Vocabulary,
} from '@medrank/metrics';
import { loadWordNetSynonyms } from '@medrank/metrics/text/wordnet-loader';
import { checkValues, flattenPeerValues } from '../expected.js';
import { readReportJsonl } from '../peer-data.js';
import { peerReference, runPeer, type PeerRun } from '../peers.js';
import { makeRow } from '../rows.js';
import { timeIt } from '../timing.js';
import type { BenchContext, FamilyResult, Timing } from '../types.js';

const DATASETS = ['report_n2k.jsonl', 'report_n20k.jsonl'];
const SCRIPT = 'peer_text.py';
/** Debian wordnet-base, the WordNet 3.0 the peer's nltk reads. */
export const WORDNET_DIR = process.env.WORDNET_DIR ?? '/usr/share/wordnet';

/** Target check input: BLEU-4 + ROUGE-L on the 20k pairs, one timed block. */
export interface TextTargets {
  bleuPlusRougeN20k: Timing | null;
}

export async function benchText(
  ctx: BenchContext,
): Promise<FamilyResult & { targets: TextTargets }> {
  const result: FamilyResult & { targets: TextTargets } = {
    family: 'text',
    rows: [],
    values: [],
    missing: [],
    targets: { bleuPlusRougeN20k: null },
  };
  const haveWordNet = existsSync(join(WORDNET_DIR, 'index.noun'));
  if (!haveWordNet)
    result.missing.push(
      `text: METEOR not measured, WordNet 3.0 missing in ${WORDNET_DIR} (apt-get install wordnet-base)`,
    );

  for (const dataset of DATASETS) {
    const path = join(ctx.dataDir, 'text', dataset);
    const { references, candidates } = readReportJsonl(path);
    ctx.log(`text ${dataset}: ours`);
    const tokenRefs = () => references.map((r) => [spaceTokenize(r)]);
    const tokenCands = () => candidates.map(spaceTokenize);

    // Tokenizing is inside every timed block, as the peer's r.split(" ") is inside its own.
    const bleu = timeIt(ctx.repeat, () => corpusBleuScore(tokenCands(), tokenRefs()));
    const bleuIds = timeIt(ctx.repeat, () => {
      const vocabulary = new Vocabulary();
      const stats = computeBleuStatisticsFromIds(
        candidates.map((c) => vocabulary.encodeSpaceTokenized(c)),
        references.map((r) => [vocabulary.encodeSpaceTokenized(r)]),
        4,
      );
      return corpusBleuFromStatistics(stats);
    });
    const sentence = timeIt(ctx.repeat, () =>
      meanSentenceBleuScore(tokenCands(), tokenRefs(), { smoothing: 'method1' }),
    );
    const rouge = timeIt(ctx.repeat, () => rougeLScore(candidates, references));
    const both = timeIt(ctx.repeat, () => {
      const b = corpusBleuScore(tokenCands(), tokenRefs());
      return b + rougeLScore(candidates, references);
    });
    const bothIds = timeIt(ctx.repeat, () => {
      const vocabulary = new Vocabulary();
      const stats = computeBleuStatisticsFromIds(
        candidates.map((c) => vocabulary.encodeSpaceTokenized(c)),
        references.map((r) => [vocabulary.encodeSpaceTokenized(r)]),
        4,
      );
      return corpusBleuFromStatistics(stats) + rougeLScore(candidates, references);
    });
    // A fresh WordNet provider per repeat (loaded untimed, like the peer's wordnet.ensure_loaded()),
    // so no repeat profits from the synonym cache of the one before.
    const meteor = haveWordNet
      ? timeIt(
          ctx.repeat,
          (synonyms) => meanMeteorScore(tokenCands(), tokenRefs(), { synonyms }),
          () => loadWordNetSynonyms(WORDNET_DIR),
        )
      : null;

    const values: Record<string, number> = {
      bleu4_corpus_none: bleu.result,
      bleu4_corpus_method1: corpusBleuScore(tokenCands(), tokenRefs(), { smoothing: 'method1' }),
      bleu4_sentence_mean_method1: sentence.result,
      rougeL_f_mean: rouge.result,
    };
    if (bleuIds.result !== bleu.result)
      result.missing.push(`text ${dataset}: token-id BLEU ${bleuIds.result} ≠ ${bleu.result}`);
    if (meteor) values.meteor_mean = meteor.result;

    let peer: PeerRun | null = null;
    if (ctx.runPeers) {
      const args = ['--nltk-data', ctx.nltkDataDir, '--meteor-repeat', String(ctx.repeat)];
      if (!haveWordNet) args.push('--no-meteor');
      peer = await runPeer(ctx, SCRIPT, path, args);
      if (!peer.ok) result.missing.push(`text ${dataset}: peer failed: ${peer.error}`);
    }
    result.values.push(
      ...checkValues(dataset, values, peer?.ok ? flattenPeerValues(peer.output.values) : undefined),
    );
    const ref = (steps: string[]) => peerReference(peer, SCRIPT, steps);
    result.rows.push(
      makeRow(
        'text',
        dataset,
        'corpus BLEU-4',
        bleu.timing,
        'spaceTokenize + corpusBleuScore',
        ref(['bleu4_corpus_none']),
      ),
      makeRow(
        'text',
        dataset,
        'corpus BLEU-4 (token-id path)',
        bleuIds.timing,
        'Vocabulary.encodeSpaceTokenized + computeBleuStatisticsFromIds + corpusBleuFromStatistics',
        ref(['bleu4_corpus_none']),
        { variant: true },
      ),
      makeRow(
        'text',
        dataset,
        'mean sentence BLEU-4 (method1)',
        sentence.timing,
        'spaceTokenize + meanSentenceBleuScore',
        ref(['bleu4_sentence_mean_method1']),
      ),
      makeRow(
        'text',
        dataset,
        'ROUGE-L (mean F)',
        rouge.timing,
        'rougeLScore',
        ref(['rougeL_f_mean']),
      ),
      makeRow(
        'text',
        dataset,
        'BLEU-4 + ROUGE-L',
        both.timing,
        'corpusBleuScore + rougeLScore',
        ref(['bleu4_corpus_none', 'rougeL_f_mean']),
        { variant: true },
      ),
      makeRow(
        'text',
        dataset,
        'BLEU-4 + ROUGE-L (token-id path)',
        bothIds.timing,
        'computeBleuStatisticsFromIds + corpusBleuFromStatistics + rougeLScore',
        ref(['bleu4_corpus_none', 'rougeL_f_mean']),
        { variant: true },
      ),
    );
    if (meteor) {
      result.rows.push(
        makeRow(
          'text',
          dataset,
          'METEOR (mean)',
          meteor.timing,
          'spaceTokenize + meanMeteorScore (fresh WordNet cache per run)',
          ref(['meteor_mean']),
        ),
      );
    }
    if (dataset === 'report_n20k.jsonl') {
      result.targets.bleuPlusRougeN20k =
        both.timing.bestMs <= bothIds.timing.bestMs ? both.timing : bothIds.timing;
    }
  }
  return result;
}
