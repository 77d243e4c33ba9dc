import { TASK_TYPE_CONTRACTS, type TaskTypeKey } from '@medrank/task-contracts';

/** A metric value with fixed decimals; an em dash for a missing value. */
export function formatValue(value: number | null | undefined, decimals = 3): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? '—'
    : value.toFixed(decimals);
}

/** How a metric's numbers are shown (a board column's `decimals` and `percent`). */
export interface MetricDisplay {
  /** Decimals of the shown number: of the percentage when `percent`. */
  decimals: number;
  /** Values are fractions shown × 100 with a % sign, as the track's source publishes them. */
  percent?: boolean;
}

/**
 * A metric value as its column shows it: `0.5396` → `53.96 %` for a percent column with two
 * decimals, `0.540` for a plain one with three; an em dash for a missing value. The space before
 * the % sign is a no-break space, so a number never wraps away from its unit.
 */
export function formatMetricValue(
  value: number | null | undefined,
  display: MetricDisplay,
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return display.percent
    ? `${(value * 100).toFixed(display.decimals)}\u00a0%`
    : value.toFixed(display.decimals);
}

/**
 * The one CI notation of the site: a value reads "0.871 (95% CI 0.830–0.910)" (formatWithCi),
 * and a table column headed CI_LABEL, or a cell under its value, holds the interval alone,
 * "0.830–0.910" (formatCi). A percent column writes its unit once: "53.96 % (95% CI 52.10–55.80 %)".
 * Every page that prints a confidence interval goes through these two functions.
 */
export const CI_LABEL = '95% CI';

/** Decimals alone (a plain column) or a column's display. */
export type CiDisplay = number | MetricDisplay;

function asDisplay(display: CiDisplay): MetricDisplay {
  return typeof display === 'number' ? { decimals: display } : display;
}

/**
 * A CI's interval, "0.830–0.910" ("52.10–55.80 %" for a percent column), or null when an end is
 * missing. With a negative end (a difference) a dash would run into the minus sign, so it says
 * "-0.020 to 0.010" instead.
 */
export function formatCi(
  low: number | null | undefined,
  high: number | null | undefined,
  display: CiDisplay = 3,
): string | null {
  if (low === null || low === undefined || high === null || high === undefined) return null;
  if (!Number.isFinite(low) || !Number.isFinite(high)) return null;
  const { decimals, percent } = asDisplay(display);
  const scale = percent ? 100 : 1;
  const [lowText, highText] = [(low * scale).toFixed(decimals), (high * scale).toFixed(decimals)];
  const interval =
    lowText.startsWith('-') || highText.startsWith('-')
      ? `${lowText} to ${highText}`
      : `${lowText}–${highText}`;
  return percent ? `${interval}\u00a0%` : interval;
}

/** A value with its CI, "0.871 (95% CI 0.830–0.910)"; the value alone when the CI is missing. */
export function formatWithCi(
  value: number | null | undefined,
  low: number | null | undefined,
  high: number | null | undefined,
  display: CiDisplay = 3,
): string {
  const shown = formatMetricValue(value, asDisplay(display));
  const interval = shown === '—' ? null : formatCi(low, high, display);
  return interval ? `${shown} (${CI_LABEL} ${interval})` : shown;
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

export function formatDateTime(iso: string): string {
  return (
    new Date(iso).toLocaleString('en-GB', {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'UTC',
    }) + ' UTC'
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A time per case as the board's efficiency column and the status page show it: tenths of a
 * millisecond below one second ("12.3 ms"), tenths of a second below a minute ("1.4 s"), then
 * minutes ("2.1 min"); "< 0.1 ms" for a time that rounds to zero; an em dash for a missing value.
 * The space before the unit is a no-break space, so a number never wraps away from its unit.
 */
export function formatInferenceTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 0.05) return '<\u00a00.1\u00a0ms';
  // Compared after rounding, so 999.96 ms reads "1.0 s" rather than "1000.0 ms".
  if (Math.round(ms * 10) < 10_000) return `${ms.toFixed(1)}\u00a0ms`;
  if (Math.round(ms / 100) < 600) return `${(ms / 1000).toFixed(1)}\u00a0s`;
  return `${(ms / 60_000).toFixed(1)}\u00a0min`;
}

/** A task type's chip label, from its contract (an unknown key is shown as it is). */
export function taskTypeLabel(key: string): string {
  return Object.hasOwn(TASK_TYPE_CONTRACTS, key)
    ? TASK_TYPE_CONTRACTS[key as TaskTypeKey].shortLabel
    : key;
}

/** A parameter count the way papers write it: 86 M, 7.0 B. */
export function formatParameterCount(count: number): string {
  if (count >= 1e9) return `${(count / 1e9).toFixed(1)} B`;
  if (count >= 1e6) return `${Math.round(count / 1e6)} M`;
  if (count >= 1e3) return `${Math.round(count / 1e3)} K`;
  return String(count);
}
