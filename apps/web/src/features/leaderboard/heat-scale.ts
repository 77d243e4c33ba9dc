/**
 * A sequential heat-map scale for breakdown cells. Five steps, all light enough that the printed
 * number (always shown; colour is only a second cue) keeps a contrast above 4.5:1 in slate-900.
 */
export const HEAT_STEPS = [
  { className: 'bg-white', swatch: '#ffffff' },
  { className: 'bg-teal-50', swatch: '#f0fdfa' },
  { className: 'bg-teal-100', swatch: '#cbfbf1' },
  { className: 'bg-teal-200', swatch: '#96f7e4' },
  { className: 'bg-teal-300', swatch: '#46ecd5' },
] as const;

/**
 * The step of `value` on [min, max], oriented so the darkest step is the best value whatever
 * the metric's direction. A missing value or a flat range gets no colour.
 */
export function heatStep(
  value: number | null,
  range: { min: number; max: number },
  higherIsBetter: boolean,
): number {
  if (value === null || !Number.isFinite(value) || range.max <= range.min) return 0;
  const t = (value - range.min) / (range.max - range.min);
  const goodness = higherIsBetter ? t : 1 - t;
  return Math.min(HEAT_STEPS.length - 1, 1 + Math.floor(goodness * (HEAT_STEPS.length - 1)));
}

export function valueRange(values: (number | null)[]): { min: number; max: number } {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return finite.length === 0
    ? { min: 0, max: 0 }
    : { min: Math.min(...finite), max: Math.max(...finite) };
}
