'use client';
import { useState } from 'react';
import { fieldIds, type FieldErrors } from './form-kit';
import { StepForm } from './step-form';

export interface MetricChoice {
  key: string;
  label: string;
  higherIsBetter: boolean;
  role: 'primary' | 'recommended' | 'optional' | null;
  why: string | null;
}

export interface MetricsTrack {
  slug: string;
  name: string;
  metrics: string[];
  primaryMetric: string;
  choices: MetricChoice[];
}

const ROLE_STYLE: Record<string, string> = {
  primary: 'bg-brand-50 text-brand-700',
  recommended: 'bg-emerald-50 text-emerald-800',
  optional: 'bg-slate-100 text-slate-600',
};

function TrackMetrics({
  index,
  track,
  errors,
}: {
  index: number;
  track: MetricsTrack;
  errors: FieldErrors;
}) {
  const [selected, setSelected] = useState<string[]>(track.metrics);
  const [primary, setPrimary] = useState(track.primaryMetric);
  const metricsName = `tracks[${index}].metrics[]`;
  const primaryName = `tracks[${index}].primaryMetric`;
  const metricsError = errors[metricsName];
  const primaryError = errors[primaryName];
  const primaryChoice = track.choices.find((c) => c.key === primary);
  return (
    <fieldset
      className="min-w-0 rounded-lg border border-slate-200 p-4"
      aria-describedby={
        [
          metricsError ? fieldIds(metricsName).error : null,
          primaryError ? fieldIds(primaryName).error : null,
        ]
          .filter(Boolean)
          .join(' ') || undefined
      }
    >
      <legend className="px-1 text-sm font-semibold text-slate-900">Track “{track.name}”</legend>
      <input type="hidden" name={metricsName} value="" />
      <div
        // Scrolls sideways on a narrow screen: a named, focusable region for keyboard users.
        role="region"
        aria-label="Metrics"
        tabIndex={0}
        className="overflow-x-auto focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
      >
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-2 pr-2">
                Use
              </th>
              <th scope="col" className="py-2 pr-2">
                Primary
              </th>
              <th scope="col" className="py-2 pr-2">
                Metric
              </th>
              <th scope="col" className="hidden py-2 md:table-cell">
                Why
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {track.choices.map((choice) => {
              const id = `m-${index}-${choice.key.replace(/[^a-z0-9_-]/gi, '-')}`;
              const isSelected = selected.includes(choice.key);
              return (
                <tr key={choice.key} data-testid={`metric-row-${choice.key}`}>
                  <td className="py-2 pr-2">
                    <input
                      id={id}
                      type="checkbox"
                      name={metricsName}
                      value={choice.key}
                      checked={isSelected}
                      aria-invalid={Boolean(metricsError)}
                      onChange={(e) =>
                        setSelected((s) =>
                          e.target.checked ? [...s, choice.key] : s.filter((k) => k !== choice.key),
                        )
                      }
                      className="h-4 w-4 accent-brand-600"
                    />
                  </td>
                  <td className="py-2 pr-2">
                    <input
                      type="radio"
                      name={primaryName}
                      value={choice.key}
                      checked={primary === choice.key}
                      aria-label={`Primary metric: ${choice.label}`}
                      aria-invalid={Boolean(primaryError)}
                      onChange={() => {
                        setPrimary(choice.key);
                        setSelected((s) => (s.includes(choice.key) ? s : [...s, choice.key]));
                      }}
                      className="h-4 w-4 accent-brand-600"
                    />
                  </td>
                  <td className="py-2 pr-2">
                    <label htmlFor={id} className="font-medium text-slate-900">
                      {choice.label}
                    </label>{' '}
                    <span className="text-xs text-slate-500">
                      <code>{choice.key}</code> ·{' '}
                      {choice.higherIsBetter ? '↑ higher is better' : '↓ lower is better'}
                    </span>
                    {choice.role && (
                      <span
                        className={`ml-1 rounded-full px-2 py-0.5 text-[11px] font-medium ${ROLE_STYLE[choice.role]}`}
                      >
                        {choice.role === 'primary' ? 'suggested primary' : choice.role}
                      </span>
                    )}
                    {choice.why && (
                      <p className="mt-1 text-xs text-slate-600 md:hidden">{choice.why}</p>
                    )}
                  </td>
                  <td className="hidden py-2 text-xs text-slate-600 md:table-cell">
                    {choice.why ?? '—'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="mt-3 text-sm text-slate-700" data-testid={`primary-summary-${track.slug}`}>
        Ranked on <strong>{primaryChoice?.label ?? (primary || 'no primary metric yet')}</strong>
        {primaryChoice && (
          <> ({primaryChoice.higherIsBetter ? 'higher is better' : 'lower is better'})</>
        )}
        .
      </p>
      {metricsError && (
        <p id={fieldIds(metricsName).error} className="mt-1 text-sm text-red-700">
          {metricsError}
        </p>
      )}
      {primaryError && (
        <p id={fieldIds(primaryName).error} className="mt-1 text-sm text-red-700">
          {primaryError}
        </p>
      )}
    </fieldset>
  );
}

export function MetricsStep({ slug, tracks }: { slug: string; tracks: MetricsTrack[] }) {
  return (
    <StepForm slug={slug} step="metrics">
      {(errors) => (
        <>
          <p className="text-sm text-slate-600">
            Suggested following Metrics Reloaded for this problem type. Pick one primary metric per
            track: the board ranks on it. Changing metrics of a benchmark with results creates a new
            evaluator version.
          </p>
          {tracks.map((track, i) => (
            <TrackMetrics key={track.slug} index={i} track={track} errors={errors} />
          ))}
        </>
      )}
    </StepForm>
  );
}
