import { createWriteStream, openAsBlob, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Command } from 'commander';
import { apiTarget, callApi } from '../api-client.js';
import { CliError } from '../env.js';
import {
  confirmUpload,
  fileSize,
  getUpload,
  printRejection,
  reportUpload,
  waitForUpload,
  withApiOptions,
  withWaitOptions,
  type ApiOptions,
  type UploadKind,
  type ValidatedUpload,
  type WaitOptions,
} from '../validated-upload.js';

// A test set's inputs (images, volumes, question texts) over the REST API: curators upload a zip
// with its manifest, the worker validates it, the curator confirms it; anyone downloads public
// inputs. Hidden inputs are never served to anyone (the download answers 404, as for none).

interface Upload extends ValidatedUpload {
  visibility: 'PUBLIC' | 'HIDDEN';
  status: 'VALIDATING' | 'READY' | 'INVALID' | 'APPLIED' | 'SUPERSEDED';
  fileBytes: number;
  preview: {
    caseCount: number;
    fileCount: number;
    inputBytes: number;
    manifestName: string;
    manifestColumns: string[];
  } | null;
}

const TEST_INPUTS: UploadKind = {
  statusPathPrefix: '/api/v1/curation/test-inputs-uploads',
  command: 'medrank inputs',
};

const where = (u: Upload) => `${u.benchmarkSlug} / ${u.trackSlug} / ${u.testSetSlug}`;
const visibilityText = (u: Upload) =>
  u.visibility === 'PUBLIC'
    ? 'public: anyone can download them'
    : 'hidden: only the worker reads them (for model runs); set `inputs: public` in the definition to publish them';

function printUpload(upload: Upload, options: { url: string }): number {
  switch (upload.status) {
    case 'VALIDATING':
      console.log(
        `upload ${upload.id}: validating ${upload.fileName} for ${where(upload)}; follow it with medrank inputs status ${upload.id}`,
      );
      return 0;
    case 'INVALID':
      printRejection(upload);
      return 1;
    case 'SUPERSEDED':
      console.log(`upload ${upload.id}: ${upload.fileName} was replaced by a newer upload`);
      return 0;
    case 'READY':
    case 'APPLIED': {
      const p = upload.preview;
      const counts = p
        ? `${p.caseCount} cases, ${p.fileCount} files, ${p.inputBytes} bytes (${p.manifestName}: ${p.manifestColumns.join(', ')})`
        : '';
      console.log(
        upload.status === 'APPLIED'
          ? `upload ${upload.id}: in use as the inputs of ${where(upload)}: ${counts}`
          : `upload ${upload.id}: valid, ${counts} for ${where(upload)}`,
      );
      console.log(`  ${visibilityText(upload)}`);
      if (upload.status === 'READY')
        console.log(
          `confirm it with: medrank inputs confirm ${upload.id} --url ${options.url} --token …`,
        );
      return 0;
    }
  }
}

const report = (upload: Upload, options: ApiOptions) =>
  reportUpload(upload, options, (u) => printUpload(u, options));

/** The file name the server suggests (`Content-Disposition: attachment; filename="…"`), made safe. */
function attachmentName(header: string | null): string | null {
  const match = /filename="([^"]+)"/.exec(header ?? '');
  const name = match ? path.basename(match[1]!) : null;
  return name && /^[\w.-]+$/.test(name) ? name : null;
}

export function registerTestInputsCommands(program: Command): void {
  const inputs = program
    .command('inputs')
    .description(
      'test inputs of a test set (images, questions): curators upload and confirm a zip with its manifest; anyone downloads public ones',
    );

  withWaitOptions(
    withApiOptions(
      inputs
        .command('upload <zip>')
        .description(
          'upload a zip with manifest.csv or manifest.jsonl at its root mapping every case id to a file; prints the counts (or every issue with its manifest line, case id or zip entry) and the upload id. Nothing is used until you confirm it',
        )
        .requiredOption('--benchmark <slug>')
        .requiredOption('--track <slug>')
        .requiredOption('--test-set <slug>'),
    ),
    'the zip is validated',
  ).action(
    async (
      zip: string,
      options: WaitOptions & { benchmark: string; track: string; testSet: string },
    ) => {
      const api = apiTarget(options);
      const bytes = fileSize(zip);
      const form = new FormData();
      // The fields go before the file (the server reads the parts in order); openAsBlob streams it.
      form.append('track', options.track);
      form.append('testSet', options.testSet);
      form.append('file', await openAsBlob(zip), path.basename(zip));
      if (!options.json)
        console.error(`uploading ${path.basename(zip)} (${bytes} bytes) to ${options.benchmark}…`);
      const { body } = await callApi<{ upload: Upload }>(
        api,
        `/api/v1/curation/benchmarks/${encodeURIComponent(options.benchmark)}/inputs`,
        { method: 'POST', body: form },
      );
      let upload = body.upload;
      if (!options.json) console.error(`upload ${upload.id}: validating…`);
      if (options.wait)
        upload = await waitForUpload(
          TEST_INPUTS,
          api,
          upload,
          (u) => u.status !== 'VALIDATING',
          options,
        );
      report(upload, options);
    },
  );

  withApiOptions(
    inputs
      .command('confirm <uploadId>')
      .description(
        'make a validated upload the test set’s inputs (the previous ones are superseded); public or hidden is the test set’s `inputs` in the definition',
      ),
  ).action(async (uploadId: string, options: ApiOptions) => {
    const api = apiTarget(options);
    report(await confirmUpload<Upload>(TEST_INPUTS, api, uploadId, 'inputs zip'), options);
  });

  withApiOptions(
    inputs
      .command('status <uploadId>')
      .description('where an upload is: validating, valid (with its counts), rejected, in use'),
  ).action(async (uploadId: string, options: ApiOptions) => {
    report(await getUpload<Upload>(TEST_INPUTS, apiTarget(options), uploadId), options);
  });

  inputs
    .command('download')
    .description(
      'download a test set’s public inputs (a zip: the files and the manifest with the question, options and other case metadata); no token needed',
    )
    .requiredOption('--url <url>', 'MedRank base URL, e.g. http://localhost:3000')
    .requiredOption('--benchmark <slug>')
    .requiredOption('--track <slug>')
    .option('--test-set <slug>', 'default: the track’s only test set with public inputs')
    .option('--out <file>', 'where to write the zip (default: the server’s file name)')
    .option('--token <token>', 'optional: public inputs need no account')
    .action(
      async (options: {
        url: string;
        token?: string;
        benchmark: string;
        track: string;
        testSet?: string;
        out?: string;
      }) => {
        const { base } = apiTarget({ url: options.url, token: '' });
        const url = new URL(
          `/api/v1/benchmarks/${encodeURIComponent(options.benchmark)}/inputs`,
          base,
        );
        url.searchParams.set('track', options.track);
        if (options.testSet) url.searchParams.set('testSet', options.testSet);
        let response: Response;
        try {
          response = await fetch(
            url,
            options.token ? { headers: { Authorization: `Bearer ${options.token}` } } : {},
          );
        } catch (error) {
          throw new CliError(
            `cannot reach ${url.origin}: ${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)}`,
          );
        }
        if (!response.ok || !response.body) {
          const body = (await response.json().catch(() => null)) as {
            error?: { message?: string };
          } | null;
          throw new CliError(
            `HTTP ${response.status}: ${body?.error?.message ?? response.statusText}`,
          );
        }
        const out =
          options.out ??
          attachmentName(response.headers.get('content-disposition')) ??
          `${options.benchmark}-${options.track}-inputs.zip`;
        // Written beside the target and renamed at the end, so an interrupted download leaves no
        // truncated zip under the final name.
        const partial = `${out}.part`;
        try {
          await pipeline(
            Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
            createWriteStream(partial),
          );
          renameSync(partial, out);
        } catch (error) {
          rmSync(partial, { force: true });
          throw new CliError(`download interrupted: ${(error as Error).message}`);
        }
        const bytes = fileSize(out);
        const sha256 = response.headers.get('etag')?.replaceAll('"', '');
        console.log(`${out}: ${bytes} bytes${sha256 ? `, sha256 ${sha256}` : ''}`);
      },
    );
}
