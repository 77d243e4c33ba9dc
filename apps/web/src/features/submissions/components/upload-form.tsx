'use client';
import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent } from 'react';

interface Props {
  benchmarkSlug: string;
  trackSlug: string;
  teams: { slug: string; name: string }[];
  /** The file picker's filter, from the track's task-type contract (e.g. ".jsonl,.csv"). */
  accept: string;
  /** What the track takes (its `model` and `endpoint` contracts; an exclusive one refuses files). */
  takes: { predictions: boolean; model: boolean; endpoint: boolean };
}

type SubmissionSource = 'file' | 'model' | 'endpoint';

const SOURCE_LABELS: Record<SubmissionSource, { label: string; hint: string }> = {
  file: { label: 'Predictions', hint: 'A file of your model’s outputs on the public inputs.' },
  model: {
    label: 'ONNX model',
    hint: 'MedRank runs it on the test images, which stay hidden, and records its speed.',
  },
  endpoint: {
    label: 'Endpoint',
    hint: 'An OpenAI-compatible chat-completions API that MedRank’s workers call with each case.',
  },
};

const INPUT_CLASS =
  'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30';

type UploadState =
  { phase: 'idle' } | { phase: 'uploading'; percent: number } | { phase: 'error'; message: string };

/**
 * Uploads with XMLHttpRequest rather than fetch: it is the browser API that reports upload
 * progress, so people see a progress bar on large files.
 */
export function UploadForm({ benchmarkSlug, trackSlug, teams, accept, takes }: Props) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [state, setState] = useState<UploadState>({ phase: 'idle' });
  const sources: SubmissionSource[] = [
    ...(takes.predictions ? (['file'] as const) : []),
    ...(takes.model ? (['model'] as const) : []),
    ...(takes.endpoint ? (['endpoint'] as const) : []),
  ];
  const [source, setSource] = useState<SubmissionSource>(sources[0] ?? 'file');

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    const hasFile = file instanceof File && !(file.size === 0 && file.name === '');
    if (source !== 'endpoint' && !hasFile) {
      setState({
        phase: 'error',
        message:
          source === 'model' ? 'Choose an .onnx model first.' : 'Choose a predictions file first.',
      });
      return;
    }
    if (source === 'model' && hasFile && !/\.onnx$/i.test(file.name)) {
      setState({ phase: 'error', message: `${file.name} is not an ONNX model (.onnx).` });
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
    if (source === 'endpoint') {
      for (const key of ['endpointUrl', 'endpointModel', 'endpointApiKey']) {
        const value = form.get(key);
        if (typeof value === 'string' && value) body.append(key, value);
      }
    } else if (hasFile) {
      body.append('file', file);
    }

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
      {sources.length > 1 && (
        <fieldset>
          <legend className="block text-sm font-medium text-slate-700">What you submit</legend>
          <div className="mt-1 grid gap-2">
            {sources.map((value) => (
              <div
                key={value}
                className={`relative rounded-md border px-3 py-2 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500/40 ${
                  source === value
                    ? 'border-brand-500 bg-brand-50 text-slate-900'
                    : 'border-slate-300 text-slate-700 hover:border-slate-400'
                }`}
              >
                {/* The whole card is the label's hit area (after:inset-0); the hint stays out of its name. */}
                <label className="flex cursor-pointer items-center gap-2 font-medium after:absolute after:inset-0">
                  <input
                    type="radio"
                    name="source"
                    value={value}
                    checked={source === value}
                    aria-describedby={`source-${value}-hint`}
                    onChange={() => {
                      setSource(value);
                      setState({ phase: 'idle' });
                    }}
                    className="relative z-10 h-4 w-4 border-slate-300 text-brand-600"
                  />
                  {SOURCE_LABELS[value].label}
                </label>
                <p id={`source-${value}-hint`} className="mt-0.5 text-xs text-slate-600">
                  {SOURCE_LABELS[value].hint}
                </p>
              </div>
            ))}
          </div>
        </fieldset>
      )}
      {sources.length === 1 && source !== 'file' && (
        // A track that takes models (or endpoints) only: no choice to make, but say what happens.
        <p className="text-xs text-slate-600" data-testid="only-source-hint">
          This track takes {source === 'model' ? 'ONNX models' : 'endpoints'} only.{' '}
          {SOURCE_LABELS[source].hint}
        </p>
      )}
      {source === 'endpoint' ? (
        <div className="grid gap-3" data-testid="endpoint-fields">
          <div>
            <label htmlFor="endpointUrl" className="block text-sm font-medium text-slate-700">
              Endpoint URL
            </label>
            <input
              id="endpointUrl"
              name="endpointUrl"
              type="url"
              required
              placeholder="https://api.example.com/v1"
              aria-describedby="endpointUrl-hint"
              className={INPUT_CLASS}
            />
            <p id="endpointUrl-hint" className="mt-1 text-xs text-slate-500">
              The base URL of an OpenAI-compatible API (…/v1) or its /chat/completions URL. Only
              hosts this site allows can be reached.
            </p>
          </div>
          <div>
            <label htmlFor="endpointModel" className="block text-sm font-medium text-slate-700">
              Model name
            </label>
            <input
              id="endpointModel"
              name="endpointModel"
              required
              placeholder="e.g. my-vlm-7b"
              className={INPUT_CLASS}
            />
          </div>
          <div>
            <label htmlFor="endpointApiKey" className="block text-sm font-medium text-slate-700">
              API key <span className="font-normal text-slate-500">(optional)</span>
            </label>
            <input
              id="endpointApiKey"
              name="endpointApiKey"
              type="password"
              autoComplete="off"
              aria-describedby="endpointApiKey-hint"
              className={INPUT_CLASS}
            />
            <p id="endpointApiKey-hint" className="mt-1 text-xs text-slate-500">
              Stored encrypted for the workers only and erased when the run ends.
            </p>
          </div>
        </div>
      ) : (
        <div>
          <label htmlFor="file" className="block text-sm font-medium text-slate-700">
            {source === 'model' ? 'Model file (.onnx)' : 'Predictions file'}
          </label>
          <input
            key={source}
            id="file"
            name="file"
            type="file"
            required
            accept={
              (source === 'model' ? '.onnx' : accept.replace(/(^|,)\.onnx(?=,|$)/, '')) || undefined
            }
            className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium hover:file:bg-slate-200"
          />
        </div>
      )}
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
        {isUploading
          ? source === 'endpoint'
            ? 'Registering…'
            : 'Uploading…'
          : source === 'endpoint'
            ? 'Register the endpoint for scoring'
            : 'Submit for scoring'}
      </button>
    </form>
  );
}
