import { describe, expect, it } from 'vitest';
import { percentileBootstrapCi } from '../statistics/percentile-bootstrap-ci.js';
import { accuracyScore } from './accuracy-score.js';
import { balancedAccuracyScore } from './balanced-accuracy-score.js';
import { bootstrapRocAuc, bootstrapRocAucOvr } from './bootstrap-roc-auc.js';
import { f1Score } from './f1-score.js';
import { readPeerArray, readPeerHeader } from './peer-data.parity-helper.js';
import { rocAucOvrScore, rocAucScore } from './roc-auc-score.js';

// Expected values: shared/peers/README.md §6 (scikit-learn 1.2.1, numpy 1.24.2, seed 20240611);
// tolerances: README §5.
const EXPECTED: Record<string, Record<string, number>> = {
  'binary_n10k.json': {
    accuracy: 0.7203,
    roc_auc: 0.7942483748638031,
    balanced_accuracy: 0.7194265072408388,
    f1_macro: 0.6955540187038245,
    f1_binary: 0.6087564694362848,
    bootstrap_auc_ci_low: 0.7848735670176552,
    bootstrap_auc_ci_high: 0.8032843226747401,
    bootstrap_auc_mean: 0.7941908261499304,
  },
  'binary_n100k.json': {
    accuracy: 0.72625,
    roc_auc: 0.8033362015365504,
    balanced_accuracy: 0.7268664765203242,
    f1_macro: 0.7012251738639446,
    f1_binary: 0.6147567514319088,
  },
  'binary_n1m.json': {
    accuracy: 0.725623,
    roc_auc: 0.8019151024131399,
    balanced_accuracy: 0.7256594306390594,
    f1_macro: 0.7003723242509639,
    f1_binary: 0.6133907096086944,
  },
  'multiclass_n10k.json': {
    accuracy: 0.6116,
    roc_auc: 0.8603521410158199,
    balanced_accuracy: 0.5890985192390721,
    f1_macro: 0.5685239271365964,
    bootstrap_auc_ci_low: 0.8548737411314432,
    bootstrap_auc_ci_high: 0.8653986236809426,
    bootstrap_auc_mean: 0.8602052074341019,
  },
  'multiclass_n100k.json': {
    accuracy: 0.60794,
    roc_auc: 0.8593161858395725,
    balanced_accuracy: 0.5853678749329758,
    f1_macro: 0.5652437603354391,
  },
  'multiclass_n1m.json': {
    accuracy: 0.606512,
    roc_auc: 0.8582903860052287,
    balanced_accuracy: 0.5835267962643883,
    f1_macro: 0.563755907617038,
  },
};

const TOLERANCE: Record<string, number> = {
  accuracy: 0, // exact k/n
  roc_auc: 1e-12,
  balanced_accuracy: 1e-15,
  f1_macro: 1e-15,
  f1_binary: 1e-15,
  bootstrap_auc_ci_low: 1e-12,
  bootstrap_auc_ci_high: 1e-12,
  bootstrap_auc_mean: 1e-12,
};

describe.each(Object.keys(EXPECTED))('classification parity with scikit-learn: %s', (file) => {
  it('matches every reference value within its tolerance', () => {
    const { header, folder } = readPeerHeader(`cls/${file}`);
    const yTrue = readPeerArray(folder, header.arrays.y_true!) as Int32Array;
    const yScore = readPeerArray(folder, header.arrays.y_score!) as Float64Array;
    const yPred = readPeerArray(folder, header.arrays.y_pred!) as Int32Array;
    const k = header.n_classes;
    const isBinary = k === 2;

    const actual: Record<string, number> = {
      accuracy: accuracyScore(yTrue, yPred),
      roc_auc: isBinary ? rocAucScore(yTrue, yScore) : rocAucOvrScore(yTrue, yScore, k),
      balanced_accuracy: balancedAccuracyScore(yTrue, yPred),
      f1_macro: f1Score(yTrue, yPred, { average: 'macro' }),
    };
    if (isBinary) actual.f1_binary = f1Score(yTrue, yPred);

    if (header.bootstrap) {
      const indices = readPeerArray(folder, header.bootstrap.indices) as Int32Array;
      const aucs = isBinary
        ? bootstrapRocAuc(yTrue, yScore, indices)
        : bootstrapRocAucOvr(yTrue, yScore, k, indices);
      const { ci, excludedCount } = percentileBootstrapCi(aucs, header.bootstrap.confidence);
      expect(excludedCount).toBe(0);
      actual.bootstrap_auc_ci_low = ci[0];
      actual.bootstrap_auc_ci_high = ci[1];
      actual.bootstrap_auc_mean = aucs.reduce((a, b) => a + b, 0) / aucs.length;
    }

    for (const [metric, expected] of Object.entries(EXPECTED[file]!)) {
      const value = actual[metric];
      expect(value, `${metric} was not computed`).toBeTypeOf('number');
      const error = Math.abs(value! - expected);
      expect(error, `${file} ${metric}: ${value} vs ${expected}`).toBeLessThanOrEqual(
        TOLERANCE[metric]!,
      );
    }
  });
});
