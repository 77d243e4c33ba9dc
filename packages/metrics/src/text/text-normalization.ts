// Metadata only: no tokenizer code is imported here, so pages and the curation flow can show a
// track's text normalization without bundling scoring code. The tokenizers are in tokenize.ts
// (`spaceTokenize`) and ptb-tokenize.ts (`ptbLowerTokenize`).

/** How a report-generation track turns text into the tokens BLEU-1…4, METEOR and CIDEr-D see. */
export interface TextNormalizationDefinition {
  /** The value of the track's `textNormalization` task configuration key. */
  key: string;
  /** Short label shown next to a metric, e.g. "BLEU-4 · PTB, lower-cased". */
  label: string;
  /** One sentence for people: what happens to the text before counting. */
  description: string;
}

export const TEXT_NORMALIZATIONS = [
  {
    key: 'whitespace',
    label: 'Split on spaces',
    description:
      'Text split on single spaces as Python str.split(" ") does, case and punctuation kept, so "Silhouette." and "silhouette" differ and a line break joins the words around it; ROUGE-L always uses its own tokenizer (lower-cased runs of letters and digits).',
  },
  {
    key: 'ptb-lower',
    label: 'PTB, lower-cased',
    description:
      'Caption-evaluation style: text lower-cased, line breaks and repeated spaces read as one space, Penn Treebank tokens as nltk 3.8 TreebankWordTokenizer gives them (a period is split off only where the text ends), and punctuation tokens dropped as pycocoevalcap does; ROUGE-L always uses its own tokenizer (lower-cased runs of letters and digits).',
  },
] as const satisfies readonly TextNormalizationDefinition[];

export type TextNormalization = (typeof TEXT_NORMALIZATIONS)[number]['key'];

/** What a track without `textNormalization` uses: the tokenization boards were scored with before the key existed. */
export const DEFAULT_TEXT_NORMALIZATION: TextNormalization = 'whitespace';

export const TEXT_NORMALIZATION_KEYS: readonly TextNormalization[] = TEXT_NORMALIZATIONS.map(
  (n) => n.key,
);

export function isTextNormalization(value: unknown): value is TextNormalization {
  return (
    typeof value === 'string' && (TEXT_NORMALIZATION_KEYS as readonly string[]).includes(value)
  );
}

/** The definition of a normalization key (label and description for display). */
export function describeTextNormalization(key: TextNormalization): TextNormalizationDefinition {
  return TEXT_NORMALIZATIONS.find((n) => n.key === key) ?? TEXT_NORMALIZATIONS[0];
}
