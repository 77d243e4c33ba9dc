// The fingerprint of each task type's parsed predictions for one test set (see
// prediction-fingerprint.ts). The rule for every task type: a key may only be as fine as what the
// metrics distinguish, never finer. A finer key would let a file "change" cases in ways no metric
// sees (re-spelling an answer, reformatting a number), padding a probe up to the m changed cases
// the near-duplicate check asks for; a coarser key only makes the check stricter.
import { createHash } from 'node:crypto';
import type {
  ClassificationPredictions,
  DetectionPredictions,
  LabelImage,
  TrecRun,
} from '@medrank/formats';
import {
  extractChoice,
  extractClosedAnswer,
  normalizeAnswer,
  normalizeClosedAnswer,
  rankTrecRun,
} from '@medrank/metrics';
import {
  buildFingerprint,
  hashKey,
  keyFromDigest,
  type PredictionFingerprint,
} from './prediction-fingerprint.js';

/**
 * Classification: the key is the predicted class (argmax, what accuracy, F1, κ and the confusion
 * metrics see); with probabilities, one rank channel per class column (what AUROC and AP see).
 */
export function classificationFingerprint(
  predictions: ClassificationPredictions,
): PredictionFingerprint {
  const n = predictions.predictedLabels.length;
  const keys = Uint32Array.from(predictions.predictedLabels, (label) => hashKey(`class:${label}`));
  const scores = predictions.scores;
  if (!scores || n === 0) return buildFingerprint(keys);
  const classCount = scores.length / n;
  const channels = Array.from({ length: classCount }, (_, c) =>
    Float64Array.from({ length: n }, (_, i) => scores[i * classCount + c]!),
  );
  return buildFingerprint(keys, channels);
}

/**
 * Multiple choice: the key is the option letter the scorer extracts from the response (with the
 * question's public options), or one shared key for every extraction failure, which all score the
 * same. "B", "(b)" and "The answer is B" are the same prediction.
 */
export function multipleChoiceFingerprint(
  predictions: { answers: readonly string[] },
  truth: { options: readonly (readonly string[])[] },
): PredictionFingerprint {
  const keys = Uint32Array.from(predictions.answers, (answer, i) =>
    hashKey(`choice:${extractChoice(answer, truth.options[i] ?? []).letter ?? ''}`),
  );
  return buildFingerprint(keys);
}

/**
 * Closed questions: the key is the answer the scorer reads from the response against the
 * question's public choices (normalized, so "Yes, there is." and "yes" are the same prediction),
 * or one shared key for every extraction failure, which all score the same.
 */
export function closedVqaFingerprint(
  predictions: { answers: readonly string[] },
  choices: readonly (readonly string[])[],
): PredictionFingerprint {
  const keys = Uint32Array.from(predictions.answers, (answer, i) => {
    const caseChoices = choices[i] ?? [];
    const extracted = extractClosedAnswer(answer, caseChoices).choice;
    return hashKey(
      `closed:${extracted === null ? '' : normalizeClosedAnswer(caseChoices[extracted]!)}`,
    );
  });
  return buildFingerprint(keys);
}

/** Open VQA: the key is SQuAD's normalised answer, which exact match and token F1 both start from. */
export function openVqaFingerprint(predictions: {
  answers: readonly string[];
}): PredictionFingerprint {
  return buildFingerprint(
    Uint32Array.from(predictions.answers, (answer) => hashKey(`answer:${normalizeAnswer(answer)}`)),
  );
}

/** Case- and whitespace-insensitive form of a report section. */
const normaliseReportText = (text: string) =>
  text.normalize('NFC').toLowerCase().split(/\s+/u).filter(Boolean).join(' ');

/**
 * Report generation: the key is the scored sections' text, lower-cased with whitespace collapsed
 * (coarser than BLEU's exact tokens, so a change of case or spacing is not a change).
 */
export function reportFingerprint(
  predictions: { reports: readonly Record<string, string>[] },
  sections: readonly string[],
): PredictionFingerprint {
  return buildFingerprint(
    Uint32Array.from(predictions.reports, (report) =>
      hashKey(`report:${sections.map((s) => normaliseReportText(report[s] ?? '')).join('\u0000')}`),
    ),
  );
}

/**
 * Regression: nothing is discrete (one shared key); the values are one rank channel. A value nudged
 * without changing its rank much is therefore not a change: stricter than MAE, which sees it.
 */
export function regressionFingerprint(predictions: {
  values: Float64Array;
}): PredictionFingerprint {
  const keys = new Uint32Array(predictions.values.length).fill(hashKey('value'));
  return buildFingerprint(keys, [predictions.values]);
}

/**
 * Retrieval: the key is the query's top-k document ids in trec_eval's order (score descending,
 * ties by document id); scores matter only through that order.
 */
export function retrievalFingerprint(run: TrecRun, k: number): PredictionFingerprint {
  return buildFingerprint(
    Uint32Array.from(run.entries, (entries) =>
      hashKey(`ranked:${rankTrecRun(entries).slice(0, k).join('\u0000')}`),
    ),
  );
}

/**
 * Detection: the key is the image's boxes rounded to 1 px, per category in descending score order
 * (the order mAP and FROC take them in). Scores themselves are left out: a change that keeps every
 * image's own order is not counted, which is stricter than mAP's global ordering across images.
 */
export function detectionFingerprint(predictions: DetectionPredictions): PredictionFingerprint {
  return buildFingerprint(
    Uint32Array.from(predictions.boxes, (boxes) => {
      const rounded = boxes.map((b) => ({
        categoryId: b.categoryId,
        score: b.score,
        box: b.bbox.map(Math.round).join(','),
      }));
      rounded.sort(
        (a, b) =>
          a.categoryId - b.categoryId ||
          b.score - a.score ||
          (a.box < b.box ? -1 : a.box > b.box ? 1 : 0),
      );
      return hashKey(`boxes:${rounded.map((b) => `${b.categoryId}@${b.box}`).join(';')}`);
    }),
  );
}

const VOXEL_CHUNK = 1 << 16;

/** Spacing is compared at 0.01 mm: finer header noise is not a different mask. */
const SPACING_DECIMALS = 2;

/**
 * Segmentation: the key is a digest of the mask's shape, spacing (to 0.01 mm) and voxel labels.
 * Voxels are hashed as 16-bit values whatever the file stored, so the same mask sent as an 8-bit
 * PNG or a 16-bit NIfTI is the same prediction.
 */
export function segmentationFingerprint(predictions: {
  masks: readonly LabelImage[];
}): PredictionFingerprint {
  return buildFingerprint(
    Uint32Array.from(predictions.masks, (mask) => {
      const hash = createHash('sha256');
      hash.update(
        `mask:${mask.shape.join('x')}:${mask.spacingMm.map((s) => s.toFixed(SPACING_DECIMALS)).join('x')}:`,
      );
      const { data } = mask;
      if (data instanceof Uint16Array) {
        hash.update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      } else {
        const wide = new Uint16Array(VOXEL_CHUNK);
        for (let start = 0; start < data.length; start += VOXEL_CHUNK) {
          const chunk = data.subarray(start, start + VOXEL_CHUNK);
          wide.set(chunk);
          hash.update(new Uint8Array(wide.buffer, 0, chunk.length * 2));
        }
      }
      return keyFromDigest(hash.digest());
    }),
  );
}
