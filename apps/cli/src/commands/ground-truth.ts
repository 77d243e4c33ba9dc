import { openAsBlob } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { apiTarget, callApi } from '../api-client.js';
import {
  confirmUpload,
  fileSize,
  getUpload,
  printRejection,
  reportUpload,
  waitForUpload,
  withApiOptions as apiOptions,
  withWaitOptions as waitOptions,
  type ApiOptions,
  type UploadKind,
  type ValidatedUpload,
  type WaitOptions,
} from '../validated-upload.js';

// Ground truth over the REST API, as the curation page does it: upload (the worker validates the
// file and previews it), then confirm (the worker applies it). The token's account must curate
// the benchmark; the server decides, so the CLI needs no database access.

interface Upload extends ValidatedUpload {
  status: 'VALIDATING' | 'READY' | 'INVALID' | 'APPLYING' | 'APPLIED' | 'SUPERSEDED';
  metadataFileName: string | null;
  preview: {
    caseCount: number;
    labelBalance: { label: string; count: number }[];
    categories: { dimension: string; counts: { category: string; count: number }[] }[];
  } | null;
  appliedVersion: number | null;
}

const GROUND_TRUTH: UploadKind = {
  statusPathPrefix: '/api/v1/curation/ground-truth-uploads',
  command: 'medrank ground-truth',
};

const target = (u: Upload) => `${u.benchmarkSlug} / ${u.trackSlug} / ${u.testSetSlug}`;
const counts = (rows: { label: string; count: number }[]) =>
  rows.map((r) => `${r.label} ${r.count}`).join(', ');

/** Prints an upload for people; returns the exit code its state deserves (1 = rejected). */
function printUpload(upload: Upload, options: { url: string; token: string }): number {
  const files = `${upload.fileName}${upload.metadataFileName ? ` + ${upload.metadataFileName}` : ''}`;
  switch (upload.status) {
    case 'VALIDATING':
      console.log(
        `upload ${upload.id}: validating ${files} for ${target(upload)}; follow it with medrank ground-truth status ${upload.id}`,
      );
      return 0;
    case 'INVALID':
      printRejection(upload);
      return 1;
    case 'SUPERSEDED':
      console.log(`upload ${upload.id}: ${files} was replaced by a newer upload`);
      return 0;
    case 'APPLYING':
      console.log(`upload ${upload.id}: applying ${files} to ${target(upload)}…`);
      return 0;
    case 'READY':
    case 'APPLIED': {
      const preview = upload.preview;
      console.log(
        upload.status === 'APPLIED'
          ? `upload ${upload.id}: in use for ${target(upload)}${upload.appliedVersion !== null ? ` at evaluator v${upload.appliedVersion}` : ''}: ${preview?.caseCount ?? '?'} cases`
          : `upload ${upload.id}: valid, ${preview?.caseCount ?? '?'} cases for ${target(upload)}`,
      );
      if (preview?.labelBalance.length)
        console.log(`  label balance: ${counts(preview.labelBalance)}`);
      for (const d of preview?.categories ?? [])
        console.log(
          `  cases per ${d.dimension}: ${counts(d.counts.map((c) => ({ label: c.category, count: c.count })))}`,
        );
      // An apply that failed for good puts the upload back to READY with the reason.
      if (upload.status === 'READY' && upload.error) {
        console.error(`  the last apply failed: ${upload.error.message}`);
        return 1;
      }
      if (upload.status === 'READY')
        console.log(
          `confirm it with: medrank ground-truth confirm ${upload.id} --url ${options.url} --token …`,
        );
      return 0;
    }
  }
}

function report(upload: Upload, options: ApiOptions): void {
  reportUpload(upload, options, (u) => printUpload(u, options));
}

export function registerGroundTruthCommands(program: Command): void {
  const groundTruth = program
    .command('ground-truth')
    .description('hidden ground truth of a test set, over the API: upload, confirm, status');

  waitOptions(
    apiOptions(
      groundTruth
        .command('upload <file>')
        .description(
          'upload a ground-truth file for one test set; prints the validation result (case count and label balance, or every issue with its line and case id) and the upload id. Nothing is used until you confirm it',
        )
        .requiredOption('--benchmark <slug>')
        .requiredOption('--track <slug>')
        .requiredOption('--test-set <slug>')
        .option(
          '--metadata <file>',
          'case metadata CSV: case_id plus one column per category dimension',
        ),
    ),
    'the file is validated',
  ).action(
    async (
      file: string,
      options: WaitOptions & {
        benchmark: string;
        track: string;
        testSet: string;
        metadata?: string;
      },
    ) => {
      const api = apiTarget(options);
      const bytes = fileSize(file, '');
      if (options.metadata) fileSize(options.metadata, '--metadata ');
      const slug = encodeURIComponent(options.benchmark);
      const form = new FormData();
      form.append('track', options.track);
      form.append('testSet', options.testSet);
      if (options.metadata) {
        const metadata = new FormData();
        metadata.append(
          'file',
          await openAsBlob(options.metadata),
          path.basename(options.metadata),
        );
        const { body } = await callApi<{ key: string }>(
          api,
          `/api/v1/curation/benchmarks/${slug}/case-metadata`,
          { method: 'POST', body: metadata },
        );
        form.append('metadataKey', body.key);
        form.append('metadataFileName', path.basename(options.metadata));
      }
      // The fields go before the file (the server reads the parts in order); openAsBlob streams it.
      form.append('file', await openAsBlob(file), path.basename(file));
      if (!options.json)
        console.error(`uploading ${path.basename(file)} (${bytes} bytes) to ${options.benchmark}…`);
      const { body } = await callApi<{ upload: Upload }>(
        api,
        `/api/v1/curation/benchmarks/${slug}/ground-truth`,
        { method: 'POST', body: form },
      );
      let upload = body.upload;
      if (!options.json) console.error(`upload ${upload.id}: validating…`);
      if (options.wait)
        upload = await waitForUpload(
          GROUND_TRUTH,
          api,
          upload,
          (u) => u.status !== 'VALIDATING',
          options,
        );
      report(upload, options);
    },
  );

  waitOptions(
    apiOptions(
      groundTruth
        .command('confirm <uploadId>')
        .description(
          'use a validated upload as the test set’s ground truth (a first upload keeps the evaluator version; replacing truth creates the next one)',
        ),
    ),
    'it is applied',
  ).action(async (uploadId: string, options: WaitOptions) => {
    const api = apiTarget(options);
    let upload = await confirmUpload<Upload>(GROUND_TRUTH, api, uploadId, 'ground truth');
    if (options.wait)
      upload = await waitForUpload(
        GROUND_TRUTH,
        api,
        upload,
        // Back to READY with an error: the apply failed for good.
        (u) => u.status !== 'APPLYING',
        options,
      );
    report(upload, options);
  });

  apiOptions(
    groundTruth
      .command('status <uploadId>')
      .description(
        'where an upload is: validating, valid (with its preview), rejected (with its issues), applied',
      ),
  ).action(async (uploadId: string, options: ApiOptions) => {
    report(await getUpload<Upload>(GROUND_TRUTH, apiTarget(options), uploadId), options);
  });
}
