import type { BoardRow } from '../board-types';

const BASE = 'inline-flex items-center rounded px-1.5 py-0.5 text-[11px] font-medium leading-4';

/** Each badge's classes, shared with the board's row markup (board-rows-html.ts). */
export const BADGE_CLASSES = {
  verified: `${BASE} bg-emerald-50 text-emerald-800 ring-1 ring-emerald-200`,
  reported: `${BASE} bg-amber-50 text-amber-900 ring-1 ring-amber-200`,
  baseline: `${BASE} bg-slate-100 text-slate-700 ring-1 ring-slate-300`,
  openWeights: `${BASE} bg-sky-50 text-sky-800 ring-1 ring-sky-200`,
  disqualified: `${BASE} bg-red-50 text-red-800 ring-1 ring-red-200`,
} as const;

/**
 * "verified" (MedRank scored the predictions) or "reported" (numbers from a paper or site). No
 * per-badge tooltip: a board repeats it on every row, and the legend explains both kinds.
 */
export function KindBadge({ kind }: { kind: BoardRow['kind'] }) {
  return kind === 'verified' ? (
    <span className={BADGE_CLASSES.verified}>
      <span aria-hidden>✓&nbsp;</span>verified
    </span>
  ) : (
    <span className={BADGE_CLASSES.reported}>reported</span>
  );
}

export function BaselineBadge({ kind }: { kind: string }) {
  return <span className={BADGE_CLASSES.baseline}>baseline · {kind}</span>;
}

export function OpenWeightsBadge() {
  return <span className={BADGE_CLASSES.openWeights}>open weights</span>;
}

export function DisqualifiedBadge() {
  return <span className={BADGE_CLASSES.disqualified}>disqualified</span>;
}
