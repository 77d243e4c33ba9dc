// Writes the runnable segmentation examples of docs/model-submissions.md into a directory:
//   npx tsx packages/model-runner/src/testing/write-segmentation-example.ts /tmp/try-segmentation
// threshold.onnx (2-channel logits from a 1×1 convolution), inputs.zip (8 disk images, 40×36
// grey PNGs), truth.zip (their disk masks as <case_id>.png, label 1) and track.json (the
// segmentation taskConfig with its model contract);
//   … write-segmentation-example.ts --3d /tmp/try-volumes
// the same for volumes: a 1×1×1 convolution on [N, 1, 16, 24, 20], 6 CT-like NIfTI volumes
// (int16, scl_inter −1024, 32×48×40 voxels of 2.5×0.8×0.8 mm, resized trilinearly to the
// contract) and their sphere masks as <case_id>.nii.gz.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeNifti1, encodeZip } from '@medrank/formats';
import {
  diskCases,
  diskInputsZip,
  maskPng,
  sphereCases,
  sphereInputsZip,
  SPHERE_ZSCORE,
  thresholdSegmentationModel,
  thresholdVolumeModel,
} from './segmentation-fixtures.js';

const args = process.argv.slice(2);
const isVolume = args[0] === '--3d';
const [directory] = isVolume ? args.slice(1) : args;
if (!directory) {
  console.error('usage: write-segmentation-example.ts [--3d] DIRECTORY');
  process.exit(2);
}
mkdirSync(directory, { recursive: true });
if (isVolume) {
  const volumes = sphereCases({ count: 6, size: [32, 48, 40], block: 2 });
  const volumeTrack = {
    labels: { '1': 'lesion' },
    model: {
      input: {
        name: 'ct',
        shape: ['N', 1, 16, 24, 20],
        scaling: { zscore: SPHERE_ZSCORE },
        resize: 'trilinear',
      },
      output: { name: 'logits', values: 'logits' },
      limits: { perCaseMs: 5000, memoryMb: 768 },
    },
  };
  writeFileSync(path.join(directory, 'threshold-3d.onnx'), thresholdVolumeModel());
  writeFileSync(path.join(directory, 'inputs.zip'), sphereInputsZip(volumes));
  writeFileSync(
    path.join(directory, 'truth.zip'),
    encodeZip(
      volumes.map((v) => ({
        name: `${v.caseId}.nii.gz`,
        data: gzipSync(encodeNifti1({ shape: v.size, spacingMm: v.spacingMm, data: v.mask })),
      })),
    ),
  );
  writeFileSync(
    path.join(directory, 'track.json'),
    `${JSON.stringify(volumeTrack, null, 2)}
`,
  );
  console.error(`wrote threshold-3d.onnx, inputs.zip, truth.zip and track.json to ${directory}`);
  process.exit(0);
}
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
