'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition, type FormEvent } from 'react';
import { confirmGroundTruthAction } from '../actions';
import type { GroundTruthUploadView } from '../views';
import { errorMessage, sendWithProgress as send } from '../xhr-upload';
import { CountBars } from './count-bars';
import { GroundTruthSummary } from './ground-truth-summary';
import { FormAlert, IssueTable, ProgressBar, buttonClass, inputClass } from './form-kit';

interface Props {
  benchmarkSlug: string;
  trackSlug: string;
  testSetSlug: string;
  testSetName: string;
  format: { description: string; example: string } | null;
  /** The latest upload of this test set, so a curator coming back sees where they were. */
  latest: GroundTruthUploadView | null;
  /** What confirming does to the evaluator version (a first upload keeps it; groundTruthConfirmNote). */
  confirmNote: string;
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'uploading'; percent: number; what: string }
  | { kind: 'error'; message: string };

const POLL_MS = 1000;

/**
 * Hidden ground truth (and optional case-metadata CSV) for one test set: streamed to the blob
 * store with a progress bar, validated by the worker with the task type's own parser, previewed,
 * and applied only when the curator confirms.
 */
export function GroundTruthUpload({
  benchmarkSlug,
  trackSlug,
  testSetSlug,
  testSetName,
  format,
  latest,
  confirmNote,
}: Props) {
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [upload, setUpload] = useState<GroundTruthUploadView | null>(latest);
  const [confirmError, setConfirmError] = useState<string | null>(null);
  const [isConfirming, startConfirm] = useTransition();
  const statusRef = useRef<HTMLDivElement>(null);
  const idPrefix = `gt-${trackSlug}-${testSetSlug}`;

  // Poll while the worker validates (or applies) the file.
  const uploadId = upload?.id;
  const isBusy = upload?.status === 'VALIDATING' || upload?.status === 'APPLYING';
  useEffect(() => {
    if (!uploadId || !isBusy) return;
    let cancelled = false;
    const timer = setInterval(async () => {
      const response = await fetch(`/api/v1/curation/ground-truth-uploads/${uploadId}`, {
        cache: 'no-store',
      });
      if (!response.ok || cancelled) return;
      const body = (await response.json()) as { upload: GroundTruthUploadView };
      setUpload(body.upload);
      if (body.upload.status === 'APPLIED') router.refresh();
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [uploadId, isBusy, router]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setConfirmError(null);
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    const metadata = form.get('metadata');
    if (!(file instanceof File) || file.name === '') {
      setPhase({ kind: 'error', message: 'Choose a ground-truth file first.' });
      return;
    }
    const hasMetadata = metadata instanceof File && metadata.name !== '';
    const totalBytes = file.size + (hasMetadata ? metadata.size : 0) || 1;
    try {
      let metadataKey: string | null = null;
      if (hasMetadata) {
        setPhase({ kind: 'uploading', percent: 0, what: 'Uploading case metadata…' });
        const body = new FormData();
        body.append('file', metadata);
        const { status, json } = await send(
          `/api/v1/curation/benchmarks/${encodeURIComponent(benchmarkSlug)}/case-metadata`,
          body,
          (f) =>
            setPhase({
              kind: 'uploading',
              percent: ((f * metadata.size) / totalBytes) * 100,
              what: 'Uploading case metadata…',
            }),
        );
        if (status !== 201) throw new Error(errorMessage(json, status));
        metadataKey = String((json as { key: string }).key);
      }
      const offset = hasMetadata ? metadata.size : 0;
      const body = new FormData();
      body.append('track', trackSlug);
      body.append('testSet', testSetSlug);
      if (metadataKey && hasMetadata) {
        body.append('metadataKey', metadataKey);
        body.append('metadataFileName', metadata.name);
      }
      body.append('file', file);
      setPhase({ kind: 'uploading', percent: (offset / totalBytes) * 100, what: 'Uploading…' });
      const { status, json } = await send(
        `/api/v1/curation/benchmarks/${encodeURIComponent(benchmarkSlug)}/ground-truth`,
        body,
        (f) =>
          setPhase({
            kind: 'uploading',
            percent: ((offset + f * file.size) / totalBytes) * 100,
            what: 'Uploading…',
          }),
      );
      if (status !== 201) throw new Error(errorMessage(json, status));
      setUpload((json as { upload: GroundTruthUploadView }).upload);
      setPhase({ kind: 'idle' });
    } catch (error) {
      setPhase({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  function onConfirm() {
    if (!upload) return;
    startConfirm(async () => {
      const result = await confirmGroundTruthAction(benchmarkSlug, upload.id);
      if (result.ok) {
        setUpload(result.data);
        router.refresh();
      } else setConfirmError(result.error.message);
    });
  }

  const isUploading = phase.kind === 'uploading';
  return (
    <div className="space-y-4" data-testid={`ground-truth-${trackSlug}-${testSetSlug}`}>
      {format && (
        <details className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700">
          <summary className="cursor-pointer font-medium">Expected ground-truth format</summary>
          <p className="mt-2">{format.description}</p>
          <pre
            role="region"
            tabIndex={0}
            aria-label="Example"
            className="mt-2 overflow-x-auto rounded bg-white p-2 font-mono text-xs focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
          >
            {format.example}
          </pre>
        </details>
      )}
      <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor={`${idPrefix}-file`} className="block text-sm font-medium text-slate-700">
            Ground truth for {testSetName}
          </label>
          <input
            id={`${idPrefix}-file`}
            name="file"
            type="file"
            required
            accept=".jsonl,.json,.csv,.ndjson,.zip,.gz,.nii,.tsv"
            className={`${inputClass} file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-2 file:py-1`}
          />
        </div>
        <div>
          <label
            htmlFor={`${idPrefix}-metadata`}
            className="block text-sm font-medium text-slate-700"
          >
            Case metadata CSV <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <input
            id={`${idPrefix}-metadata`}
            name="metadata"
            type="file"
            accept=".csv,text/csv"
            aria-describedby={`${idPrefix}-metadata-hint`}
            className={`${inputClass} file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-2 file:py-1`}
          />
          <p id={`${idPrefix}-metadata-hint`} className="mt-1 text-xs text-slate-500">
            case_id plus one column per category dimension; shown publicly as breakdowns.
          </p>
        </div>
        <div className="sm:col-span-2">
          <button type="submit" disabled={isUploading || isBusy} className={buttonClass}>
            {isUploading ? 'Uploading…' : 'Upload and validate'}
          </button>
        </div>
      </form>

      <div ref={statusRef} aria-live="polite" className="space-y-3">
        {phase.kind === 'uploading' && <ProgressBar label={phase.what} percent={phase.percent} />}
        {phase.kind === 'error' && <FormAlert message={phase.message} />}
        {upload && <UploadState upload={upload} />}
        {upload?.status === 'READY' && (
          <div className="flex flex-wrap items-center gap-3">
            <button
              type="button"
              onClick={onConfirm}
              disabled={isConfirming}
              className={buttonClass}
            >
              {isConfirming ? 'Applying…' : 'Use this ground truth'}
            </button>
            <p className="text-xs text-slate-500" data-testid="gt-confirm-note">
              {confirmNote}
            </p>
          </div>
        )}
        <FormAlert message={confirmError} />
      </div>
    </div>
  );
}

function UploadState({ upload }: { upload: GroundTruthUploadView }) {
  const label = `${upload.fileName}${upload.metadataFileName ? ` + ${upload.metadataFileName}` : ''}`;
  switch (upload.status) {
    case 'VALIDATING':
      return (
        <p className="flex items-center gap-2 text-sm text-slate-700" data-testid="gt-status">
          <span
            aria-hidden
            className="h-3 w-3 animate-spin rounded-full border-2 border-brand-500 border-t-transparent"
          />
          Validating {label} with the task type’s parser…
        </p>
      );
    case 'APPLYING':
      return (
        <p className="text-sm text-slate-700" data-testid="gt-status">
          Applying {label}…
        </p>
      );
    case 'INVALID':
      return (
        <div className="space-y-2" data-testid="gt-status">
          <p className="text-sm font-medium text-red-800">
            {upload.error?.message ?? `${label} is not valid; nothing was applied.`}
          </p>
          {upload.error && upload.error.issues.length > 0 && (
            <IssueTable
              caption={`Problems in ${upload.fileName}`}
              issues={upload.error.issues}
              issueCount={upload.error.issueCount}
            />
          )}
        </div>
      );
    case 'SUPERSEDED':
      return (
        <p className="text-sm text-slate-500" data-testid="gt-status">
          {label} was replaced by a newer upload.
        </p>
      );
    case 'READY':
    case 'APPLIED':
      return <Preview upload={upload} label={label} />;
  }
}

function Preview({ upload, label }: { upload: GroundTruthUploadView; label: string }) {
  const preview = upload.preview;
  return (
    <div
      data-testid="gt-preview"
      className="space-y-4 rounded-lg border border-emerald-200 bg-emerald-50/40 p-4"
    >
      <p className="text-sm text-slate-800" data-testid="gt-status">
        {upload.status === 'APPLIED' ? (
          <>
            <span className="font-medium text-emerald-800">In use</span> — {label}
            {upload.appliedVersion !== null && <> (evaluator v{upload.appliedVersion})</>}
          </>
        ) : (
          <>
            <span className="font-medium text-emerald-800">Valid</span> — {label}. Check the
            preview, then confirm.
          </>
        )}
      </p>
      {preview && (
        <>
          <p className="text-2xl font-semibold tabular" data-testid="gt-case-count">
            {preview.caseCount.toLocaleString('en')}{' '}
            <span className="text-sm font-normal text-slate-600">cases</span>
          </p>
          <div className="grid gap-6 sm:grid-cols-2">
            {preview.labelBalance.length > 0 && !preview.summary && (
              <CountBars
                title="Label balance"
                testId="gt-label-balance"
                rows={preview.labelBalance.map((l) => ({ label: l.label, count: l.count }))}
              />
            )}
            {preview.categories.map((dimension) => (
              <CountBars
                key={dimension.dimension}
                title={`Cases per ${dimension.dimension}`}
                testId={`gt-category-${dimension.dimension}`}
                rows={dimension.counts.map((c) => ({ label: c.category, count: c.count }))}
              />
            ))}
          </div>
          <GroundTruthSummary summary={preview.summary} />
        </>
      )}
    </div>
  );
}
