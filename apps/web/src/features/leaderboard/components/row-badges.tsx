import type { BoardRow } from '../board-types';

const BASE = 'inline-flex items-center rounded px-1.5 py-0.5 text-[11px] font-medium leading-4';

/** "verified" (MedRank scored the predictions) or "reported" (numbers from a paper or site). */
export function KindBadge({ kind }: { kind: BoardRow['kind'] }) {
  return kind === 'verified' ? (
    <span
      className={`${BASE} bg-emerald-50 text-emerald-800 ring-1 ring-emerald-200`}
      title="Scored by MedRank on the hidden test set"
    >
      <span aria-hidden>✓&nbsp;</span>verified
    </span>
  ) : (
    <span
      className={`${BASE} bg-amber-50 text-amber-900 ring-1 ring-amber-200`}
      title="Numbers reported by the authors; not recomputed by MedRank, so no CI"
    >
      reported
    </span>
  );
}

export function BaselineBadge({ kind }: { kind: string }) {
  return (
    <span className={`${BASE} bg-slate-100 text-slate-700 ring-1 ring-slate-300`}>
      baseline · {kind}
    </span>
  );
}

export function OpenWeightsBadge() {
  return <span className={`${BASE} bg-sky-50 text-sky-800 ring-1 ring-sky-200`}>open weights</span>;
}

export function DisqualifiedBadge() {
  return <span className={`${BASE} bg-red-50 text-red-800 ring-1 ring-red-200`}>disqualified</span>;
}
