// Writes the runnable segmentation example of docs/model-submissions.md into a directory:
//   npx tsx packages/model-runner/src/testing/write-segmentation-example.ts /tmp/try-segmentation
// threshold.onnx (2-channel logits from a 1×1 convolution), inputs.zip (8 disk images, 40×36
// grey PNGs), truth.zip (their disk masks as <case_id>.png, label 1) and track.json (the
// segmentation taskConfig with its model contract).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodeZip } from '@medrank/formats';
import {
  diskCases,
  diskInputsZip,
  maskPng,
  thresholdSegmentationModel,
} from './segmentation-fixtures.js';

const [directory] = process.argv.slice(2);
if (!directory) {
  console.error('usage: write-segmentation-example.ts DIRECTORY');
  process.exit(2);
}
mkdirSync(directory, { recursive: true });
const cases = diskCases({ count: 8, height: 40, width: 36 });
const track = {
  labels: { '1': 'disk' },
  model: {
    input: { name: 'x', shape: ['N', 1, 40, 36], scaling: 'divide255' },
    output: { name: 'logits', values: 'logits' },
    limits: { perCaseMs: 1000, memoryMb: 512 },
  },
};
writeFileSync(path.join(directory, 'threshold.onnx'), thresholdSegmentationModel());
writeFileSync(path.join(directory, 'inputs.zip'), diskInputsZip(cases));
writeFileSync(
  path.join(directory, 'truth.zip'),
  encodeZip(cases.map((c) => ({ name: `${c.caseId}.png`, data: maskPng(c) }))),
);
writeFileSync(path.join(directory, 'track.json'), `${JSON.stringify(track, null, 2)}\n`);
console.error(`wrote threshold.onnx, inputs.zip, truth.zip and track.json to ${directory}`);
