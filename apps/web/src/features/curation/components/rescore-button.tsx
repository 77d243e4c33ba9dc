'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { requestRescoreAction } from '../actions';
import type { RescoreRunView } from '../views';
import { FormAlert, ProgressBar, secondaryButtonClass } from './form-kit';

const POLL_MS = 1000;

/**
 * Rescores one test set at its current evaluator version. The button disables itself while the
 * request is in flight and while a run is going; the backend also returns the existing run for a
 * second request, so a double click never starts two.
 */
export function RescoreButton({
  slug,
  trackSlug,
  testSetSlug,
  evaluatorVersion,
  latest,
}: {
  slug: string;
  trackSlug: string;
  testSetSlug: string;
  evaluatorVersion: number;
  latest: RescoreRunView | null;
}) {
  const router = useRouter();
  const [run, setRun] = useState<RescoreRunView | null>(latest);
  const [error, setError] = useState<string | null>(null);
  const [isRequesting, setRequesting] = useState(false);
  const inFlight = useRef(false);

  const runId = run?.id;
  const isRunning = run?.status === 'RUNNING';
  useEffect(() => {
    if (!runId || !isRunning) return;
    const timer = setInterval(async () => {
      const query = new URLSearchParams({ track: trackSlug, testSet: testSetSlug });
      const response = await fetch(
        `/api/v1/curation/benchmarks/${encodeURIComponent(slug)}/rescore?${query.toString()}`,
        { cache: 'no-store' },
      );
      if (!response.ok) return;
      const body = (await response.json()) as { run: RescoreRunView | null };
      if (!body.run) return;
      setRun(body.run);
      if (body.run.status === 'DONE') router.refresh();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [runId, isRunning, router, slug, trackSlug, testSetSlug]);

  async function onClick() {
    if (inFlight.current) return;
    inFlight.current = true;
    setRequesting(true);
    setError(null);
    const result = await requestRescoreAction(slug, trackSlug, testSetSlug);
    inFlight.current = false;
    setRequesting(false);
    if (result.ok) setRun(result.data);
    else setError(result.error.message);
  }

  const isCurrent = run?.evaluatorVersion === evaluatorVersion && run.status === 'DONE';
  const finished = run ? run.done + run.failed : 0;
  return (
    <div className="space-y-2" data-testid={`rescore-${trackSlug}-${testSetSlug}`}>
      <button
        type="button"
        onClick={onClick}
        disabled={isRequesting || isRunning || isCurrent}
        className={secondaryButtonClass}
      >
        {isRequesting
          ? 'Starting…'
          : isRunning
            ? `Rescoring to v${run.evaluatorVersion}…`
            : isCurrent
              ? `Scored at v${evaluatorVersion}`
              : `Rescore to v${evaluatorVersion}`}
      </button>
      {run && isRunning && (
        <ProgressBar
          label={`Rescoring to v${run.evaluatorVersion}: ${finished} of ${run.total}`}
          percent={run.total ? (finished / run.total) * 100 : 100}
        />
      )}
      {run && run.status === 'DONE' && (
        <p className="text-xs text-slate-600" role="status">
          v{run.evaluatorVersion} done: {run.done} rescored
          {run.failed > 0 && <span className="text-red-700">, {run.failed} failed</span>}.
        </p>
      )}
      <FormAlert message={error} />
    </div>
  );
}
