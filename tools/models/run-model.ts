// Checks an ONNX model against a track's model contract and runs it on a test-inputs zip, as the
// worker will: the same signature check, sandbox and predictions file (docs/model-submissions.md).
//
//   npx tsx tools/models/run-model.ts MODEL.onnx --track track.json --inputs inputs.zip [--out predictions.csv]
//
// track.json is the track's taskConfig: { "classes": [...], "positiveClass": …, "model": {…} },
// or for a segmentation track { "labels": {…}, "model": {…} }. Prints the signature, per-case
// timing and the run's notes to stderr; the predictions CSV goes to --out or stdout, a
// segmentation run's zip of <case_id>.png masks to --out (required). Exit code 1 with the
// failure's message when the model is refused or fails.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  checkModelSignature,
  maskPredictionsZip,
  ModelRunFailure,
  runModel,
  runSegmentationModel,
  type AnyModelTrack,
  type ModelRunRecord,
  type ModelTrack,
  type SegmentationModelTrack,
} from '@medrank/model-runner';
import { parseClassificationConfig, parseSegmentationConfig } from '@medrank/task-contracts/config';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    track: { type: 'string' },
    inputs: { type: 'string' },
    out: { type: 'string' },
  },
});
const [modelPath] = positionals;
if (!modelPath || !values.track || !values.inputs) {
  console.error(
    'usage: run-model.ts MODEL.onnx --track track.json --inputs inputs.zip [--out predictions.csv]',
  );
  process.exit(2);
}
const raw = JSON.parse(readFileSync(values.track, 'utf8')) as Record<string, unknown>;
const isSegmentation = raw.labels !== undefined;
const config = isSegmentation ? parseSegmentationConfig(raw) : parseClassificationConfig(raw);
if (!config.model) {
  console.error(`${values.track} has no "model" block: the track does not take models`);
  process.exit(2);
}
if (isSegmentation && !values.out) {
  console.error('a segmentation run writes a zip of masks: give --out predictions.zip');
  process.exit(2);
}
const track = config as AnyModelTrack;
try {
  const signature = await checkModelSignature(modelPath, track);
  console.error(
    `signature ok: ${signature.inputs.map((i) => `${i.name} ${i.type} [${i.shape?.join(',')}]`).join(', ')} → ${signature.outputs.map((o) => `${o.name} ${o.type} [${o.shape?.join(',')}]`).join(', ')}`,
  );
  const inputsZip = values.inputs;
  let run: ModelRunRecord;
  let predictions: string | Buffer;
  if (isSegmentation) {
    const segmentation = await runSegmentationModel({
      modelPath,
      track: track as SegmentationModelTrack,
      inputsZip,
    });
    [run, predictions] = [segmentation, maskPredictionsZip(segmentation.masks)];
  } else {
    const classification = await runModel({ modelPath, track: track as ModelTrack, inputsZip });
    [run, predictions] = [classification, classification.predictionsCsv];
  }
  const inference = run.cases.reduce((sum, c) => sum + c.inferenceMs, 0);
  console.error(
    `${run.cases.length} cases: inference ${(inference / run.cases.length).toFixed(3)} ms/case, load ${run.loadMs.toFixed(0)} ms, whole process ${run.wallMs.toFixed(0)} ms, peak RSS ${run.peakRssMb} MB, network isolated: ${run.isNetworkIsolated}`,
  );
  for (const note of run.notes) console.error(`note: ${note}`);
  if (values.out) writeFileSync(values.out, predictions);
  else process.stdout.write(predictions);
} catch (error) {
  if (!(error instanceof ModelRunFailure)) throw error;
  console.error(`${error.kind}: ${error.message}`);
  process.exit(1);
}
