// Parity of the closed-question metrics with scikit-learn's accuracy_score and
// balanced_accuracy_score on the same answer labels. Runs python3 with numpy; where scikit-learn
// is not importable, the script computes sklearn's definition with numpy the way sklearn does
// (confusion-matrix diagonal over row sums, classes without true support dropped, np.mean), and
// the test says which reference it used.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { closedBalancedAccuracyScore, extractClosedAnswer } from './closed-answer.js';

const REFERENCE = String.raw`
import json, sys
import numpy as np
data = json.load(sys.stdin)
y_true = np.array(data["y_true"], dtype=object).astype(str)
y_pred = np.array(data["y_pred"], dtype=object).astype(str)
try:
    from sklearn.metrics import accuracy_score, balanced_accuracy_score
    out = {"reference": "sklearn",
           "accuracy": float(accuracy_score(y_true, y_pred)),
           "balanced_accuracy": float(balanced_accuracy_score(y_true, y_pred))}
except ImportError:
    labels = np.unique(np.concatenate([y_true, y_pred]))
    index = {label: i for i, label in enumerate(labels)}
    C = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for t, p in zip(y_true, y_pred):
        C[index[t], index[p]] += 1
    with np.errstate(divide="ignore", invalid="ignore"):
        per_class = np.diag(C) / C.sum(axis=1)
    per_class = per_class[~np.isnan(per_class)]
    out = {"reference": "numpy (sklearn definition)",
           "accuracy": float(np.average(y_true == y_pred)),
           "balanced_accuracy": float(np.mean(per_class))}
print(json.dumps(out))
`;

/** Deterministic pseudo-random numbers (mulberry32), so the data are the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RESPONSES: Record<string, string[]> = {
  yes: ['yes', 'Yes, there is.', 'The answer is yes', 'YES'],
  no: ['no', 'No, it is normal.', 'There is no mass.', 'No.'],
  left: ['left', 'The left side', 'It is on the left.'],
  right: ['Right.', 'right lobe', 'on the right'],
  CT: ['CT', 'This is a CT scan.'],
  MRI: ['MRI', 'It is an MRI'],
};
const FAILURES = ['', 'I do not know', 'yes or no', 'left and right', 'maybe'];

describe('closed-question metrics against scikit-learn', () => {
  it.each([
    [1, 300],
    [2, 1000],
    [3, 7],
  ])('seed %i, %i questions: accuracy and balanced accuracy equal the reference', (seed, n) => {
    const next = random(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    const questions = Array.from({ length: n }, () => {
      const choices = pick([
        ['yes', 'no'],
        ['yes', 'no'],
        ['yes', 'no'],
        ['left', 'right'],
        ['CT', 'MRI'],
      ]);
      // Skewed truth (70 % the first choice), so balanced accuracy differs from accuracy.
      const answer = next() < 0.7 ? choices[0]! : choices[1]!;
      const u = next();
      const said = u < 0.6 ? answer : u < 0.85 ? pick(choices) : null;
      const response = said === null ? pick(FAILURES) : pick(RESPONSES[said]!);
      return { choices, answer, response };
    });
    const yTrue = questions.map((q) => q.answer);
    const yPred = questions.map(({ choices, response }) => {
      const extracted = extractClosedAnswer(response, choices);
      return extracted.choice === null ? '<no answer>' : choices[extracted.choice]!;
    });
    const correct = Uint8Array.from(yTrue, (t, i) => Number(t === yPred[i]));

    const run = spawnSync('python3', ['-c', REFERENCE], {
      input: JSON.stringify({ y_true: yTrue, y_pred: yPred }),
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const reference = JSON.parse(run.stdout) as {
      reference: string;
      accuracy: number;
      balanced_accuracy: number;
    };
    console.info(`closed-answer parity: reference ${reference.reference}`);
    expect(correct.reduce((s, v) => s + v, 0) / n).toBe(reference.accuracy);
    expect(closedBalancedAccuracyScore(correct, yTrue)).toBe(reference.balanced_accuracy);
  });
});
