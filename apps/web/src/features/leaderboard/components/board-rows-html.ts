import { CI_LABEL, formatCi, formatInferenceTime, formatMetricValue } from '../../../lib/format';
import type { BoardColumnLayout } from '../board-columns';
import type { BoardColumn, BoardRow, BoardView } from '../board-types';
import { BADGE_CLASSES } from './row-badges';

/**
 * The board table's body rows as one HTML string.
 *
 * Why not JSX: a page of 50 rows × 10 metrics is ~3,500 elements, and the App Router renders
 * each of them three times per request (server components → RSC payload → HTML, and the payload
 * is inlined again as JSON for hydration). On the 1,000-entry bench board that cost ~4 ms per row,
 * far above the issue's "≤ 3× a static file of the same size". The rows hold no client
 * components and no state, so the page sends them as one string (`dangerouslySetInnerHTML` on
 * <tbody>): one text chunk in the RSC payload, written into the HTML as is.
 *
 * Every value that comes from data goes through `escapeHtml`; links are built from ids (encoded)
 * or, for a reported entry's source, only from an http(s) URL. `board-rows-html.test.ts` checks
 * both. The markup mirrors what the JSX did (test ids, data attributes, accessible names).
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Only absolute http(s) URLs become links (no javascript:, data: or relative tricks). */
export function safeHttpUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export type Axis = { min: number; max: number };

// One formatter for every row (toLocaleDateString with options builds a new one per call).
const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

/** The whisker's two marks in percent of the column's axis (styles: WHISKER_STYLES). */
function whiskerHtml(value: number, low: number | null, high: number | null, axis: Axis) {
  const span = axis.max - axis.min || 1;
  const percent = (v: number) => Math.max(0, Math.min(100, ((v - axis.min) / span) * 100));
  const interval =
    low !== null && high !== null
      ? `<i style="left:${percent(low).toFixed(1)}%;width:${(percent(high) - percent(low)).toFixed(1)}%"></i>`
      : '';
  return `<span aria-hidden="true" class="ci-whisker">${interval}<b style="left:${percent(value).toFixed(1)}%"></b></span>`;
}

function scoreCellHtml(column: BoardColumn, row: BoardRow, isSortColumn: boolean, axis: Axis) {
  const score = row.scores[column.key];
  const value = score?.value ?? null;
  const low = score?.ciLow ?? null;
  const high = score?.ciHigh ?? null;
  const open = `<td data-metric="${escapeHtml(column.key)}"${isSortColumn ? ' class="font-semibold"' : ''}>`;
  if (value === null || !Number.isFinite(value)) {
    return `${open}<span data-testid="score-value"><span aria-label="no value">—</span></span></td>`;
  }
  // The site's one CI notation (lib/format.ts): the interval alone under the value, its label
  // for screen readers (the board's caption says what the small numbers are).
  const interval = formatCi(low, high, column);
  const ci = interval
    ? `<small><span class="sr-only">, ${CI_LABEL} </span>${escapeHtml(interval)}</small>`
    : '';
  return `${open}<span data-testid="score-value">${formatMetricValue(value, column)}</span>${ci}${whiskerHtml(value, low, high, axis)}</td>`;
}

const INFERENCE_KIND_LABEL = { onnx: 'ONNX model', endpoint: 'endpoint' } as const;
const INFERENCE_KIND_TITLE = {
  onnx: 'ONNX model run on MedRank',
  endpoint: "endpoint's round trip, network included",
} as const;

/**
 * The efficiency cell: the mean time per case, p50 and p95 under it and what was timed (a model
 * on MedRank, or an endpoint's round trip, which counts the network). Whole-run figures only.
 */
function inferenceCellHtml(row: BoardRow) {
  const timing = row.inference;
  if (!timing) {
    return '<td data-testid="inference" class="text-right"><span aria-hidden="true">—</span><span class="sr-only">no model run</span></td>';
  }
  const [mean, p50, p95] = [timing.meanMs, timing.p50Ms, timing.p95Ms].map(formatInferenceTime);
  const title = `${INFERENCE_KIND_TITLE[timing.kind]}, per case over the whole run: mean ${mean}, median (p50) ${p50}, 95th percentile (p95) ${p95}`;
  return (
    `<td data-testid="inference" data-inference-kind="${timing.kind}" class="text-right" title="${escapeHtml(title)}">` +
    `<span data-testid="inference-mean">${mean}</span><span class="sr-only"> per case,</span>` +
    `<small>p50 ${p50} · p95 ${p95}</small><small>${INFERENCE_KIND_LABEL[timing.kind]}</small></td>`
  );
}

/** An opaque background per row state; the sticky cells inherit it. */
function rowClass(row: BoardRow, isHighlighted: boolean) {
  if (isHighlighted) return 'bg-brand-50';
  if (row.moderation === 'DISQUALIFIED') return 'bg-red-50 text-slate-500';
  if (row.baselineKind) return 'bg-slate-50 italic';
  return 'bg-white hover:bg-slate-50';
}

const badge = (classes: string, html: string) => `<span class="${classes}">${html}</span>`;

function methodHtml(row: BoardRow, isDisqualified: boolean) {
  const name = escapeHtml(row.methodName);
  const link = 'font-medium text-slate-900 hover:text-brand-700 hover:underline';
  if (row.kind === 'verified') {
    return `<a href="/entries/${encodeURIComponent(row.id)}" data-testid="method-name" class="${link}${isDisqualified ? ' line-through' : ''}">${name}</a>`;
  }
  const source = safeHttpUrl(row.sourceUrl);
  return source
    ? `<a href="${escapeHtml(source)}" rel="noreferrer" data-testid="method-name" class="${link}">${name}</a>`
    : `<span class="font-medium text-slate-900" data-testid="method-name">${name}</span>`;
}

export interface RowsHtmlOptions {
  view: BoardView;
  rows: BoardRow[];
  /** 0-based position of the first row on the board (the list position of reported boards). */
  first: number;
  /** The columns shown (boardColumnLayout). */
  layout: BoardColumnLayout;
  axes: Record<string, Axis>;
  highlightId?: string | undefined;
  /** The GET form the "compare" checkboxes belong to. */
  compareFormId: string;
  /** An entry picked for comparison earlier: its checkbox shows ticked (the form sends it). */
  pickedId?: string | undefined;
}

export function boardRowsHtml({
  view,
  rows,
  first,
  layout,
  axes,
  highlightId,
  compareFormId,
  pickedId,
}: RowsHtmlOptions): string {
  const { sort } = view;
  const { columns } = layout;
  const form = escapeHtml(compareFormId);
  let html = '';
  for (const [index, row] of rows.entries()) {
    const isDisqualified = row.moderation === 'DISQUALIFIED';
    const canCompare = row.kind === 'verified' && !isDisqualified && !view.testSet.scoresHidden;
    const id = escapeHtml(row.id);
    const name = escapeHtml(row.methodName);

    const badges =
      (row.kind === 'verified'
        ? badge(BADGE_CLASSES.verified, '<span aria-hidden="true">✓&nbsp;</span>verified')
        : badge(BADGE_CLASSES.reported, 'reported')) +
      (row.baselineKind
        ? badge(BADGE_CLASSES.baseline, `baseline · ${escapeHtml(row.baselineKind)}`)
        : '') +
      (row.openWeights ? badge(BADGE_CLASSES.openWeights, 'open weights') : '') +
      (isDisqualified ? badge(BADGE_CLASSES.disqualified, 'disqualified') : '');

    const who = [row.team?.name, row.institution].filter(Boolean).map(String).map(escapeHtml);
    const model = row.modelSlug
      ? `${who.length > 0 ? ' · ' : ''}<a href="/models/${encodeURIComponent(row.modelSlug)}" class="hover:underline">all results of this model</a>`
      : '';
    const reason = isDisqualified
      ? `<p class="mt-1 max-w-xs text-xs whitespace-normal text-red-800 not-italic">Disqualified: ${escapeHtml(row.moderationReason ?? 'no reason given')}</p>`
      : '';
    const compare = canCompare
      ? `<label class="mt-1 inline-flex items-center gap-1 text-xs text-slate-600 not-italic">${
          row.id === pickedId
            ? // Sent by the form's hidden field; shown ticked, and not sent twice.
              '<input type="checkbox" checked disabled class="size-3.5"/>'
            : `<input type="checkbox" name="e" value="${id}" form="${form}" class="size-3.5 accent-brand-600"/>`
        }compare<span class="sr-only"> ${name}</span></label>`
      : '';

    const interval = row.rankInterval
      ? row.rankInterval[0] === row.rankInterval[1]
        ? `${row.rankInterval[0]}`
        : `${row.rankInterval[0]}–${row.rankInterval[1]}`
      : '—';
    // On a phone the rank interval and tier columns give way to the scores: they are written
    // under the rank instead.
    const underRank =
      (layout.showRankInterval && row.rankInterval
        ? `<span class="block text-[11px] font-normal text-slate-500 sm:hidden"><span class="sr-only">rank interval </span>${interval}</span>`
        : '') +
      (layout.showTier && row.tier !== null
        ? `<span class="block text-[11px] font-normal text-slate-500 sm:hidden">T${row.tier}<span class="sr-only"> (tier)</span></span>`
        : '');
    const rank = layout.listPosition
      ? `<span class="text-slate-600">#${first + index + 1}</span>`
      : (row.rank ?? '<span aria-label="not ranked" class="text-slate-400">–</span>');

    let cells = '';
    for (const column of columns) {
      cells += scoreCellHtml(
        column,
        row,
        column.key === sort.metric,
        axes[column.key] ?? { min: 0, max: 1 },
      );
    }

    html +=
      `<tr class="${rowClass(row, row.id === highlightId)}" data-testid="board-row" data-kind="${row.kind}" data-id="${id}" data-rank="${row.rank ?? ''}">` +
      `<td><span data-testid="rank">${rank}</span>${underRank}</td>` +
      `<th scope="row"><div class="flex flex-wrap items-center gap-x-1.5 gap-y-1">${methodHtml(row, isDisqualified)}${badges}</div>` +
      `<div class="mt-0.5 text-xs text-slate-600 not-italic">${who.join(' · ')}${model}</div>${reason}${compare}</th>` +
      (layout.showRankInterval
        ? `<td data-testid="rank-interval" class="max-sm:hidden">${interval}</td>`
        : '') +
      (layout.showTier
        ? `<td data-testid="tier" class="max-sm:hidden">${row.tier ?? '—'}</td>`
        : '') +
      cells +
      (layout.showInference ? inferenceCellHtml(row) : '') +
      `<td class="text-slate-600 not-italic">${row.date ? DATE_FORMAT.format(new Date(row.date)) : '—'}</td>` +
      '</tr>';
  }
  return html;
}
