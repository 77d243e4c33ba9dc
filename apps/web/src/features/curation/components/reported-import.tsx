'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { FileIssueView } from '../views';
import { errorMessage, sendWithProgress } from '../xhr-upload';
import { FormAlert, IssueTable, ProgressBar, buttonClass, inputClass } from './form-kit';

type State =
  | { kind: 'idle' }
  | { kind: 'uploading'; percent: number }
  | { kind: 'done'; entries: number; scores: number; created: number; updated: number }
  | { kind: 'invalid'; message: string; issues: FileIssueView[]; issueCount: number }
  | { kind: 'error'; message: string };

/** Long-format CSV of published numbers → a summary, or line-numbered problems (nothing saved). */
export function ReportedImport({ slug }: { slug: string }) {
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: 'idle' });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get('file');
    if (!(file instanceof File) || file.name === '') {
      setState({ kind: 'error', message: 'Choose a CSV file first.' });
      return;
    }
    const body = new FormData();
    body.append('file', file);
    setState({ kind: 'uploading', percent: 0 });
    try {
      const { status, json } = await sendWithProgress(
        `/api/v1/curation/benchmarks/${encodeURIComponent(slug)}/reported`,
        body,
        (f) => setState({ kind: 'uploading', percent: f * 100 }),
      );
      if (status === 200) {
        const r = (
          json as {
            result: {
              entries: number;
              scores: number;
              entriesCreated: number;
              entriesUpdated: number;
            };
          }
        ).result;
        setState({
          kind: 'done',
          entries: r.entries,
          scores: r.scores,
          created: r.entriesCreated,
          updated: r.entriesUpdated,
        });
        router.refresh();
      } else if (status === 422) {
        const e = (
          json as { error: { message: string; issues: FileIssueView[]; issueCount: number } }
        ).error;
        setState({
          kind: 'invalid',
          message: e.message,
          issues: e.issues,
          issueCount: e.issueCount,
        });
      } else setState({ kind: 'error', message: errorMessage(json, status) });
    } catch (error) {
      setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="flex-1">
          <label htmlFor="reported-file" className="block text-sm font-medium text-slate-700">
            Reported results (CSV)
          </label>
          <input
            id="reported-file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            aria-describedby="reported-hint"
            className={`${inputClass} file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-2 file:py-1`}
          />
          <p id="reported-hint" className="mt-1 text-xs text-slate-500">
            One number per line: model, institution, date, test_set, section, metric, value,
            source_link (optional: track, dimension, category, model_url, open_weights, baseline).
          </p>
        </div>
        <button type="submit" disabled={state.kind === 'uploading'} className={buttonClass}>
          {state.kind === 'uploading' ? 'Importing…' : 'Import'}
        </button>
      </form>
      <div aria-live="polite" className="space-y-3">
        {state.kind === 'uploading' && <ProgressBar label="Uploading" percent={state.percent} />}
        {state.kind === 'error' && <FormAlert message={state.message} />}
        {state.kind === 'invalid' && (
          <>
            <FormAlert message={state.message} />
            <IssueTable
              caption="Problems in the CSV"
              issues={state.issues}
              issueCount={state.issueCount}
            />
          </>
        )}
        {state.kind === 'done' && (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
            Imported {state.scores} numbers for {state.entries} entries ({state.created} new,{' '}
            {state.updated} updated). They show on the board as “reported”.
          </p>
        )}
      </div>
    </div>
  );
}
