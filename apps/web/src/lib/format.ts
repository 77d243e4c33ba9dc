import { TASK_TYPE_CONTRACTS, type TaskTypeKey } from '@medrank/task-contracts';

/** A metric value with fixed decimals; an em dash for a missing value. */
export function formatValue(value: number | null | undefined, decimals = 3): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? '—'
    : value.toFixed(decimals);
}

export function formatCi(
  low: number | null | undefined,
  high: number | null | undefined,
  decimals = 3,
): string | null {
  if (low === null || low === undefined || high === null || high === undefined) return null;
  return `${low.toFixed(decimals)}–${high.toFixed(decimals)}`;
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
