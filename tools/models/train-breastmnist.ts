// Trains the BreastMNIST logistic regression that the model-run tests and bench use, and exports
// it to data/models/breastmnist-logreg.onnx (onnx-proto through @medrank/model-runner/onnx).
//
//   npx tsx tools/models/train-breastmnist.ts [--source ../shared/data] [--out data/models/breastmnist-logreg.onnx]
//
// Model: p(normal_or_benign | image) = sigmoid(w·x + b), x the 784 pixels / 255, fitted on the
// TRAIN split (546 images) by Newton's method (IRLS) with an L2 penalty λ·|w|²/2 on the weights.
// λ is chosen on the VAL split's AUROC from a fixed grid; the test split is never read. Nothing
// is random (zero start, exact Newton steps, a fixed grid), so the same data always gives the
// same bytes: rerunning the script reproduces the committed file (the sha256 is printed).
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rocAucScore } from '@medrank/metrics';
import { readNpz } from '@medrank/model-runner';
import { buildOnnxModel } from '@medrank/model-runner/onnx';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const L2_GRID = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100] as const;
const NEWTON_STEPS = 30;
const PIXELS = 28 * 28;

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 && process.argv[at + 1] ? path.resolve(process.argv[at + 1]!) : fallback;
}

interface Split {
  /** n × 784, row-major, pixels / 255 as float32 (what the model is fed) widened to float64. */
  x: Float64Array;
  y: Int32Array;
  n: number;
}

function split(arrays: Awaited<ReturnType<typeof readNpz>>, name: string): Split {
  const images = arrays.get(`${name}_images`);
  const labels = arrays.get(`${name}_labels`);
  if (!images || !labels) throw new Error(`the npz has no ${name}_images / ${name}_labels`);
  const n = images.shape[0]!;
  // Math.fround: the model sees float32 pixels, so the fit does too.
  const x = Float64Array.from(images.values, (v) => Math.fround(v / 255));
  return { x, y: Int32Array.from(labels.values), n };
}

/** Solves A·v = r in place for a symmetric positive-definite A (Cholesky). */
function choleskySolve(a: Float64Array, r: Float64Array, d: number): Float64Array {
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j]!;
    for (let k = 0; k < j; k++) s -= a[j * d + k]! ** 2;
    const l = Math.sqrt(s);
    a[j * d + j] = l;
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j]!;
      for (let k = 0; k < j; k++) t -= a[i * d + k]! * a[j * d + k]!;
      a[i * d + j] = t / l;
    }
  }
  const v = Float64Array.from(r);
  for (let i = 0; i < d; i++) {
    let t = v[i]!;
    for (let k = 0; k < i; k++) t -= a[i * d + k]! * v[k]!;
    v[i] = t / a[i * d + i]!;
  }
  for (let i = d - 1; i >= 0; i--) {
    let t = v[i]!;
    for (let k = i + 1; k < d; k++) t -= a[k * d + i]! * v[k]!;
    v[i] = t / a[i * d + i]!;
  }
  return v;
}

/** Weights (784) then bias, fitted by Newton's method on the penalised log-likelihood. */
function fit({ x, y, n }: Split, lambda: number): Float64Array {
  const d = PIXELS + 1; // bias last, not penalised
  const theta = new Float64Array(d);
  for (let step = 0; step < NEWTON_STEPS; step++) {
    const gradient = new Float64Array(d);
    const hessian = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      const row = x.subarray(i * PIXELS, (i + 1) * PIXELS);
      let z = theta[PIXELS]!;
      for (let j = 0; j < PIXELS; j++) z += theta[j]! * row[j]!;
      const p = 1 / (1 + Math.exp(-z));
      const residual = p - y[i]!;
      const weight = p * (1 - p);
      for (let j = 0; j < PIXELS; j++) {
        gradient[j]! += residual * row[j]!;
        const wj = weight * row[j]!;
        for (let k = 0; k <= j; k++) hessian[j * d + k]! += wj * row[k]!;
        hessian[PIXELS * d + j]! += wj;
      }
      gradient[PIXELS]! += residual;
      hessian[PIXELS * d + PIXELS]! += weight;
    }
    for (let j = 0; j < PIXELS; j++) {
      gradient[j]! += lambda * theta[j]!;
      hessian[j * d + j]! += lambda;
    }
    hessian[PIXELS * d + PIXELS]! += 1e-9; // keeps the bias row positive-definite
    for (let j = 0; j < d; j++)
      for (let k = 0; k < j; k++) hessian[k * d + j] = hessian[j * d + k]!;
    const delta = choleskySolve(hessian, gradient, d);
    let size = 0;
    for (let j = 0; j < d; j++) {
      theta[j]! -= delta[j]!;
      size = Math.max(size, Math.abs(delta[j]!));
    }
    if (size < 1e-10) break;
  }
  return theta;
}

/** The scores the exported float32 graph computes, approximately (for choosing λ only). */
function scores(theta: Float64Array, { x, n }: Split): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = theta[PIXELS]!;
    for (let j = 0; j < PIXELS; j++) z += theta[j]! * x[i * PIXELS + j]!;
    out[i] = z;
  }
  return out;
}

/** The ONNX graph: x [N,1,28,28] → Flatten → Gemm (784 → 1) → Sigmoid → probability [N,1]. */
export function exportLogisticRegression(
  theta: Float64Array,
  lambda: number,
  valAuroc: number,
): Uint8Array {
  return buildOnnxModel({
    name: 'breastmnist_logreg',
    docString: `BreastMNIST logistic regression on pixels/255, L2 lambda ${lambda}, val AUROC ${valAuroc.toFixed(4)}; output: p(normal_or_benign). Trained by tools/models/train-breastmnist.ts.`,
    inputs: [{ name: 'x', type: 'float32', shape: ['N', 1, 28, 28] }],
    outputs: [{ name: 'probability', type: 'float32', shape: ['N', 1] }],
    initializers: [
      { name: 'W', dims: [PIXELS, 1], floats: theta.subarray(0, PIXELS) },
      { name: 'B', dims: [1], floats: theta.subarray(PIXELS) },
    ],
    nodes: [
      { opType: 'Flatten', inputs: ['x'], outputs: ['flat'], attributes: { axis: 1 } },
      { opType: 'Gemm', inputs: ['flat', 'W', 'B'], outputs: ['logit'] },
      { opType: 'Sigmoid', inputs: ['logit'], outputs: ['probability'] },
    ],
  });
}

async function main() {
  const source = option('--source', path.resolve(REPO_ROOT, '../shared/data'));
  const out = option('--out', path.join(REPO_ROOT, 'data/models/breastmnist-logreg.onnx'));
  const arrays = await readNpz(path.join(source, 'breastmnist/breastmnist.npz'));
  const train = split(arrays, 'train');
  const val = split(arrays, 'val');
  let best: { lambda: number; auroc: number; theta: Float64Array } | undefined;
  for (const lambda of L2_GRID) {
    const theta = fit(train, lambda);
    const auroc = rocAucScore(val.y, scores(theta, val));
    console.log(`λ=${lambda}: val AUROC ${auroc.toFixed(4)}`);
    if (!best || auroc > best.auroc) best = { lambda, auroc, theta };
  }
  const bytes = exportLogisticRegression(best!.theta, best!.lambda, best!.auroc);
  writeFileSync(out, bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  console.log(
    `chose λ=${best!.lambda} (val AUROC ${best!.auroc.toFixed(4)}); wrote ${out} (${bytes.length} bytes, sha256 ${sha256})`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  await main();
