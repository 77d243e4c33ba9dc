/** A value axis: its domain and the ticks to label, every tick inside the domain. */
export interface ValueAxis {
  domain: [number, number];
  ticks: number[];
}

/** Roughly this many intervals between ticks: enough to read values off, few enough to fit. */
const TARGET_INTERVALS = 4;

/** 1, 2, 2.5 or 5 × a power of ten, at least `rough`. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const nice =
    fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** Float noise off a tick (0.30000000000000004 → 0.3). */
const clean = (value: number) => Number(value.toPrecision(12));

/**
 * The history chart's value axis: the data's span with a little room, on round ticks, and never
 * past the metric's own range (an AUROC axis ends at 1, not at 1.05 with its top label clipped).
 * `range` is the metric's declared range (describeMetric), null when unbounded or unknown.
 */
export function historyValueAxis(
  values: readonly number[],
  range: readonly [number, number] | null,
): ValueAxis {
  const finite = values.filter(Number.isFinite);
  const [rangeLow, rangeHigh] = range ?? [-Infinity, Infinity];
  let low = finite.length > 0 ? Math.min(...finite) : Number.isFinite(rangeLow) ? rangeLow : 0;
  let high = finite.length > 0 ? Math.max(...finite) : Number.isFinite(rangeHigh) ? rangeHigh : 1;
  // A single value (or all equal) still needs a span to draw on.
  const span = high - low || Math.max(Math.abs(high) * 0.1, 0.01);
  low -= span * 0.1;
  high += span * 0.1;
  const step = niceStep(span / TARGET_INTERVALS);
  let domainLow = Math.max(Math.floor(clean(low / step)) * step, rangeLow);
  let domainHigh = Math.min(Math.ceil(clean(high / step)) * step, rangeHigh);
  domainLow = clean(domainLow);
  domainHigh = clean(domainHigh);
  const ticks: number[] = [];
  for (
    let tick = Math.ceil(clean(domainLow / step)) * step;
    tick <= domainHigh + step / 1e6;
    tick += step
  ) {
    ticks.push(clean(tick));
  }
  return { domain: [domainLow, domainHigh], ticks };
}
