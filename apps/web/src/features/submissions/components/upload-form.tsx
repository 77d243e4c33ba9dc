'use client';
import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent } from 'react';

interface Props {
  benchmarkSlug: string;
  trackSlug: string;
  teams: { slug: string; name: string }[];
  /** The file picker's filter, from the track's task-type contract (e.g. ".jsonl,.csv"). */
  accept: string;
}

type UploadState =
  { phase: 'idle' } | { phase: 'uploading'; percent: number } | { phase: 'error'; message: string };

/**
 * Uploads with XMLHttpRequest rather than fetch: it is the browser API that reports upload
 * progress, so people see a progress bar on large files.
 */
export function UploadForm({ benchmarkSlug, trackSlug, teams, accept }: Props) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [state, setState] = useState<UploadState>({ phase: 'idle' });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    if (!(file instanceof File) || (file.size === 0 && file.name === '')) {
      setState({ phase: 'error', message: 'Choose a predictions file first.' });
      return;
    }
    // Fields before the file, so the server knows where the file belongs before it arrives.
    const body = new FormData();
    for (const key of [
      'methodName',
      'description',
      'team',
      'codeUrl',
      'paperUrl',
      'modelUrl',
      'parameterCount',
      'trainingData',
    ]) {
      const value = form.get(key);
      if (typeof value === 'string' && value) body.append(key, value);
    }
    if (form.get('openWeights') === 'on') body.append('openWeights', 'true');
    body.append('track', trackSlug);
    body.append('file', file);

    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/benchmarks/${encodeURIComponent(benchmarkSlug)}/submissions`);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable)
        setState({ phase: 'uploading', percent: Math.round((e.loaded / e.total) * 100) });
    };
    xhr.onload = () => {
      const response = xhr.response as {
        submission?: { id: string };
        error?: { message: string };
      } | null;
      if (xhr.status === 201 && response?.submission) {
        router.push(`/submissions/${response.submission.id}`);
      } else {
        setState({
          phase: 'error',
          message: response?.error?.message ?? `Upload failed (HTTP ${xhr.status}).`,
        });
      }
    };
    xhr.onerror = () =>
      setState({
        phase: 'error',
        message: 'The upload was interrupted. Check your connection and try again.',
      });
    setState({ phase: 'uploading', percent: 0 });
    xhr.send(body);
  }

  const isUploading = state.phase === 'uploading';
  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-3" aria-describedby="upload-status">
      <div>
        <label htmlFor="methodName" className="block text-sm font-medium text-slate-700">
          Method name
        </label>
        <input
          id="methodName"
          name="methodName"
          required
          maxLength={120}
          placeholder="e.g. ResNet-50, ImageNet init"
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
        />
      </div>
      <div>
        <label htmlFor="description" className="block text-sm font-medium text-slate-700">
          Description <span className="font-normal text-slate-500">(optional)</span>
        </label>
        <textarea
          id="description"
          name="description"
          rows={2}
          maxLength={2000}
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
        />
      </div>
      <details className="rounded-md border border-slate-200 px-3 py-2">
        <summary className="cursor-pointer text-sm font-medium text-slate-700">
          Method card{' '}
          <span className="font-normal text-slate-500">(optional, shown on the entry page)</span>
        </summary>
        <div className="mt-3 grid gap-3 sm:grid-cols-2">
          {(
            [
              ['codeUrl', 'Code URL', 'https://github.com/…'],
              ['paperUrl', 'Paper URL', 'https://arxiv.org/abs/…'],
              ['modelUrl', 'Weights / model URL', 'https://huggingface.co/…'],
            ] as const
          ).map(([name, label, placeholder]) => (
            <div key={name}>
              <label htmlFor={name} className="block text-sm font-medium text-slate-700">
                {label}
              </label>
              <input
                id={name}
                name={name}
                type="url"
                placeholder={placeholder}
                className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
              />
            </div>
          ))}
          <div>
            <label htmlFor="parameterCount" className="block text-sm font-medium text-slate-700">
              Parameters
            </label>
            <input
              id="parameterCount"
              name="parameterCount"
              inputMode="numeric"
              pattern="[0-9]*"
              placeholder="7000000000"
              aria-describedby="parameterCount-hint"
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
            />
            <p id="parameterCount-hint" className="mt-1 text-xs text-slate-500">
              Whole number, digits only.
            </p>
          </div>
          <div className="sm:col-span-2">
            <label htmlFor="trainingData" className="block text-sm font-medium text-slate-700">
              Training data
            </label>
            <textarea
              id="trainingData"
              name="trainingData"
              rows={2}
              maxLength={2000}
              placeholder="Datasets the model was trained or fine-tuned on"
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
            />
          </div>
          <label className="flex items-center gap-2 text-sm text-slate-700 sm:col-span-2">
            <input
              type="checkbox"
              name="openWeights"
              className="h-4 w-4 rounded border-slate-300"
            />
            Weights are openly available
          </label>
        </div>
      </details>
      {teams.length > 1 && (
        <div>
          <label htmlFor="team" className="block text-sm font-medium text-slate-700">
            Team
          </label>
          <select
            id="team"
            name="team"
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
          >
            {teams.map((t) => (
              <option key={t.slug} value={t.slug}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div>
        <label htmlFor="file" className="block text-sm font-medium text-slate-700">
          Predictions file
        </label>
        <input
          id="file"
          name="file"
          type="file"
          required
          accept={accept || undefined}
          className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium hover:file:bg-slate-200"
        />
      </div>
      <div id="upload-status" aria-live="polite">
        {isUploading && (
          <div>
            <div className="flex justify-between text-xs text-slate-600">
              <span>Uploading…</span>
              <span className="tabular">{state.percent}%</span>
            </div>
            <div
              role="progressbar"
              aria-label="Upload progress"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={state.percent}
              className="mt-1 h-2 overflow-hidden rounded-full bg-slate-100"
            >
              <div
                className="h-full rounded-full bg-brand-500 transition-all"
                style={{ width: `${state.percent}%` }}
              />
            </div>
          </div>
        )}
        {state.phase === 'error' && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {state.message}
          </p>
        )}
      </div>
      <button
        type="submit"
        disabled={isUploading}
        className="w-full rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {isUploading ? 'Uploading…' : 'Submit for scoring'}
      </button>
    </form>
  );
}
