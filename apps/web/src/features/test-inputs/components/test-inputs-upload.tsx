'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition, type FormEvent } from 'react';
import {
  FormAlert,
  IssueTable,
  ProgressBar,
  buttonClass,
  inputClass,
} from '@/features/curation/components/form-kit';
import { errorMessage, sendWithProgress } from '@/features/curation/xhr-upload';
import { formatBytes } from '@/lib/format';
import type { TestInputsUploadView } from '../to-view';

interface Props {
  benchmarkSlug: string;
  trackSlug: string;
  testSetSlug: string;
  testSetName: string;
  /** The test set's `inputs` in the definition: whether confirmed inputs are downloadable. */
  visibility: 'PUBLIC' | 'HIDDEN';
  /** The latest upload of this test set, so a curator coming back sees where they were. */
  latest: TestInputsUploadView | null;
}

type Phase =
  { kind: 'idle' } | { kind: 'uploading'; percent: number } | { kind: 'error'; message: string };

const POLL_MS = 1000;
const statusUrl = (id: string) => `/api/v1/curation/test-inputs-uploads/${encodeURIComponent(id)}`;

/**
 * A test set's inputs (images, volumes, question texts): one zip with its manifest, streamed with
 * a progress bar, checked by the worker against the test set's cases, used once confirmed. The
 * same REST routes as `medrank inputs` and curl (docs/test-inputs.md).
 */
export function TestInputsUpload({
  benchmarkSlug,
  trackSlug,
  testSetSlug,
  testSetName,
  visibility,
  latest,
}: Props) {
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [upload, setUpload] = useState<TestInputsUploadView | null>(latest);
  const [confirmError, setConfirmError] = useState<string | null>(null);
  const [isConfirming, startConfirm] = useTransition();
  const idPrefix = `inputs-${trackSlug}-${testSetSlug}`;

  const uploadId = upload?.id;
  const isValidating = upload?.status === 'VALIDATING';
  useEffect(() => {
    if (!uploadId || !isValidating) return;
    let cancelled = false;
    const timer = setInterval(async () => {
      const response = await fetch(statusUrl(uploadId), { cache: 'no-store' });
      if (!response.ok || cancelled) return;
      setUpload(((await response.json()) as { upload: TestInputsUploadView }).upload);
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [uploadId, isValidating]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setConfirmError(null);
    const file = new FormData(event.currentTarget).get('file');
    if (!(file instanceof File) || file.name === '') {
      setPhase({ kind: 'error', message: 'Choose a zip with a manifest first.' });
      return;
    }
    const body = new FormData();
    // The fields go before the file: the server reads the parts in order.
    body.append('track', trackSlug);
    body.append('testSet', testSetSlug);
    body.append('file', file);
    setPhase({ kind: 'uploading', percent: 0 });
    try {
      const { status, json } = await sendWithProgress(
        `/api/v1/curation/benchmarks/${encodeURIComponent(benchmarkSlug)}/inputs`,
        body,
        (fraction) => setPhase({ kind: 'uploading', percent: fraction * 100 }),
      );
      if (status !== 201) throw new Error(errorMessage(json, status));
      setUpload((json as { upload: TestInputsUploadView }).upload);
      setPhase({ kind: 'idle' });
    } catch (error) {
      setPhase({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  function onConfirm() {
    if (!upload) return;
    startConfirm(async () => {
      const response = await fetch(`${statusUrl(upload.id)}/confirm`, { method: 'POST' });
      const json = (await response.json().catch(() => null)) as Record<string, unknown> | null;
      if (response.ok) {
        setUpload((json as { upload: TestInputsUploadView }).upload);
        router.refresh();
      } else setConfirmError(errorMessage(json, response.status));
    });
  }

  const isUploading = phase.kind === 'uploading';
  return (
    <div className="space-y-3" data-testid={`test-inputs-${trackSlug}-${testSetSlug}`}>
      <p className="text-sm text-slate-600" id={`${idPrefix}-hint`}>
        A zip with <code>manifest.csv</code> (<code>case_id,file</code>, plus columns such as{' '}
        <code>question</code> and <code>options</code>), <code>manifest.jsonl</code> or, for COCO
        images, <code>manifest.coco.json</code> (the <code>images</code> list: <code>id</code> →{' '}
        <code>file_name</code>) at its root, and the files it names.{' '}
        {visibility === 'PUBLIC' ? (
          <>
            This test set’s inputs are <strong>public</strong>: once confirmed, anyone can download
            them from the benchmark page.
          </>
        ) : (
          <>
            This test set’s inputs are <strong>hidden</strong>: only the worker reads them. Set{' '}
            <code>inputs: public</code> on the test set to publish them.
          </>
        )}
      </p>
      <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1">
          <label htmlFor={`${idPrefix}-file`} className="block text-sm font-medium text-slate-700">
            Inputs zip for {testSetName}
          </label>
          <input
            id={`${idPrefix}-file`}
            name="file"
            type="file"
            required
            accept=".zip,application/zip"
            aria-describedby={`${idPrefix}-hint`}
            className={`${inputClass} file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-2 file:py-1`}
          />
        </div>
        <button type="submit" disabled={isUploading || isValidating} className={buttonClass}>
          {isUploading ? 'Uploading…' : 'Upload inputs'}
        </button>
      </form>
      <div aria-live="polite" className="space-y-3">
        {phase.kind === 'uploading' && <ProgressBar label="Uploading…" percent={phase.percent} />}
        {phase.kind === 'error' && <FormAlert message={phase.message} />}
        {upload && <InputsState upload={upload} />}
        {upload?.status === 'READY' && (
          <button type="button" onClick={onConfirm} disabled={isConfirming} className={buttonClass}>
            {isConfirming ? 'Confirming…' : 'Use these inputs'}
          </button>
        )}
        <FormAlert message={confirmError} />
      </div>
    </div>
  );
}

function InputsState({ upload }: { upload: TestInputsUploadView }) {
  const p = upload.preview;
  const counts = p
    ? `${p.caseCount.toLocaleString('en')} cases, ${p.fileCount.toLocaleString('en')} files, ${formatBytes(p.inputBytes)} · ${p.manifestName}: ${p.manifestColumns.join(', ')}`
    : '';
  switch (upload.status) {
    case 'VALIDATING':
      return (
        <p className="flex items-center gap-2 text-sm text-slate-700" data-testid="inputs-status">
          <span
            aria-hidden
            className="h-3 w-3 animate-spin rounded-full border-2 border-brand-500 border-t-transparent"
          />
          Checking {upload.fileName} against the test set’s cases…
        </p>
      );
    case 'INVALID':
      return (
        <div className="space-y-2" data-testid="inputs-status">
          <p className="text-sm font-medium text-red-800">
            {upload.error?.message ?? `${upload.fileName} is not valid`}; nothing was applied.
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
        <p className="text-sm text-slate-500" data-testid="inputs-status">
          {upload.fileName} was replaced by a newer upload.
        </p>
      );
    case 'READY':
      return (
        <p className="text-sm text-slate-800" data-testid="inputs-status">
          <span className="font-medium text-emerald-800">Valid</span> — {upload.fileName}: {counts}.
          Confirm to use it.
        </p>
      );
    case 'APPLIED':
      return (
        <p className="text-sm text-slate-800" data-testid="inputs-status">
          <span className="font-medium text-emerald-800">In use</span> — {upload.fileName}: {counts}
          {upload.visibility === 'PUBLIC' ? ' (public)' : ' (hidden)'}.
        </p>
      );
  }
}
