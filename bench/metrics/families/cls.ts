// Classification: accuracy, AUROC (binary / macro OvR), balanced accuracy, F1, and the
// 1000-replicate percentile bootstrap of AUROC, against peer_cls.py (scikit-learn 1.2.1).
import { join } from 'node:path';
import {
  accuracyScore,
  balancedAccuracyScore,
  bootstrapIndices,
  bootstrapRocAuc,
  bootstrapRocAucOvr,
  f1Score,
  percentileBootstrapCi,
  rocAucOvrScore,
  rocAucScore,
} from '@medrank/metrics';
import { checkValues, flattenPeerValues } from '../expected.js';
import { asFloat64, asInt32, readArray, readArrayHeader, type ArraySpec } from '../peer-data.js';
import { peerReference, runPeer, type PeerRun } from '../peers.js';
import { makeRow } from '../rows.js';
import { sumTimings, timeIt } from '../timing.js';
import type { BenchContext, FamilyResult, Timing } from '../types.js';

const DATASETS = [
  'binary_n10k.json',
  'multiclass_n10k.json',
  'binary_n100k.json',
  'multiclass_n100k.json',
  'binary_n1m.json',
  'multiclass_n1m.json',
];
const CORE = ['accuracy', 'roc_auc', 'balanced_accuracy', 'f1_macro'] as const;
const SCRIPT = 'peer_cls.py';

interface ClsHeader {
  n: number;
  n_classes: number;
  bootstrap?: { replicates: number; confidence: number; indices: ArraySpec };
}

export async function benchClassification(ctx: BenchContext): Promise<FamilyResult> {
  const result: FamilyResult = { family: 'cls', rows: [], values: [], missing: [] };
  for (const dataset of DATASETS) {
    const path = join(ctx.dataDir, 'cls', dataset);
    const header = readArrayHeader(path);
    const { n_classes: k, bootstrap } = header as unknown as ClsHeader;
    const yTrue = asInt32(readArray(path, header.arrays.y_true), 'y_true');
    const yScore = asFloat64(readArray(path, header.arrays.y_score), 'y_score');
    const yPred = asInt32(readArray(path, header.arrays.y_pred), 'y_pred');
    const binary = k === 2;
    ctx.log(`cls ${dataset}: ours`);

    const values: Record<string, number> = {};
    const timings: Record<string, Timing> = {};
    const measure = (name: string, fn: () => number) => {
      const { result: v, timing } = timeIt(ctx.repeat, fn);
      values[name] = v;
      timings[name] = timing;
    };
    measure('accuracy', () => accuracyScore(yTrue, yPred));
    measure('roc_auc', () =>
      binary ? rocAucScore(yTrue, yScore) : rocAucOvrScore(yTrue, yScore, k),
    );
    measure('balanced_accuracy', () => balancedAccuracyScore(yTrue, yPred));
    measure('f1_macro', () => f1Score(yTrue, yPred, { average: 'macro' }));
    if (binary) measure('f1_binary', () => f1Score(yTrue, yPred));

    let bootFile: { timing: Timing } | null = null;
    let bootSeeded: { timing: Timing } | null = null;
    if (bootstrap) {
      const indices = asInt32(readArray(path, bootstrap.indices), 'bootstrap indices');
      const replicate = (idx: Int32Array) => {
        const aucs = binary
          ? bootstrapRocAuc(yTrue, yScore, idx)
          : bootstrapRocAucOvr(yTrue, yScore, k, idx);
        const { ci } = percentileBootstrapCi(aucs, bootstrap.confidence);
        let sum = 0;
        for (const a of aucs) sum += a;
        return { ci, mean: sum / aucs.length };
      };
      const boot = timeIt(ctx.repeat, () => replicate(indices));
      values.bootstrap_auc_ci_low = boot.result.ci[0];
      values.bootstrap_auc_ci_high = boot.result.ci[1];
      values.bootstrap_auc_mean = boot.result.mean;
      bootFile = boot;
      // The product path draws its own seeded indices (different, equally valid resamples).
      bootSeeded = timeIt(ctx.repeat, () =>
        replicate(bootstrapIndices(yTrue.length, bootstrap.replicates, 'bench')),
      );
    }

    let peer: PeerRun | null = null;
    if (ctx.runPeers) {
      peer = await runPeer(ctx, SCRIPT, path, ['--boot-repeat', String(ctx.peerBootRepeat)]);
      if (!peer.ok) result.missing.push(`cls ${dataset}: peer failed: ${peer.error}`);
    }
    result.values.push(
      ...checkValues(dataset, values, peer?.ok ? flattenPeerValues(peer.output.values) : undefined),
    );

    const coreRef = peerReference(peer, SCRIPT, CORE);
    const core = CORE.map((m) => timings[m] as Timing);
    result.rows.push(
      makeRow(
        'cls',
        dataset,
        'accuracy + AUROC + balanced acc. + F1 macro',
        sumTimings(core),
        binary
          ? 'accuracyScore, rocAucScore, balancedAccuracyScore, f1Score(macro)'
          : 'accuracyScore, rocAucOvrScore, balancedAccuracyScore, f1Score(macro)',
        coreRef,
        {
          parts: CORE.map((m) => ({
            step: m,
            oursBestMs: (timings[m] as Timing).bestMs,
            referenceMs: peerReference(peer, SCRIPT, [m])?.ms ?? null,
          })),
        },
      ),
    );
    if (binary) {
      result.rows.push(
        makeRow(
          'cls',
          dataset,
          'F1 (positive class)',
          timings.f1_binary as Timing,
          'f1Score',
          peerReference(peer, SCRIPT, ['f1_binary']),
        ),
      );
    }
    if (bootFile && bootSeeded) {
      const what = binary ? 'AUROC' : 'macro OvR AUROC';
      const call = binary ? 'bootstrapRocAuc' : 'bootstrapRocAucOvr';
      result.rows.push(
        makeRow(
          'cls',
          dataset,
          `bootstrap ${what} 95% CI, 1000 replicates (given index file)`,
          bootFile.timing,
          `${call} + percentileBootstrapCi + mean`,
          peerReference(peer, SCRIPT, ['bootstrap_auc_ci']),
          {
            note:
              ctx.peerBootRepeat === 1 ? 'reference: one run (peer --boot-repeat 1)' : undefined,
          },
        ),
        makeRow(
          'cls',
          dataset,
          `bootstrap ${what} 95% CI, 1000 replicates (seeded index draw included)`,
          bootSeeded.timing,
          `bootstrapIndices + ${call} + percentileBootstrapCi + mean`,
          peerReference(peer, SCRIPT, ['bootstrap_auc_ci', 'bootstrap_index_draw_numpy_ref']),
          {
            note: 'reference: peer bootstrap + its one numpy index draw; values differ from the file resamples, not checked',
            variant: true,
          },
        ),
      );
    }
  }
  return result;
}
