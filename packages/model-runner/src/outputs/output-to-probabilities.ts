import type { ModelOutputContract } from '@medrank/task-contracts/config';
import { ModelRunFailure } from '../model-run-failure.js';

/** Deviation from 1 of a probability row's sum that float32 arithmetic may explain. */
export const PROBABILITY_SUM_TOLERANCE = 1e-4;

export interface OutputTrack {
  classes: readonly string[];
  /** Binary tracks: index of the positive class (default 1). */
  positiveClass?: number;
  output: ModelOutputContract;
}

/** Output widths a track accepts: one column per class, or for a binary track one (the positive class). */
export function acceptedOutputWidths(classes: readonly string[]): number[] {
  return classes.length === 2 ? [2, 1] : [classes.length];
}

/** Describes the output shapes a track accepts, for messages. */
export function describeExpectedOutput({
  classes,
  positiveClass = 1,
  output,
}: OutputTrack): string {
  const all = `[N, ${classes.length}] (${output.values} of ${classes.join(', ')})`;
  return classes.length === 2
    ? `${all} or [N, 1] (${output.values === 'logits' ? 'the logit' : 'the probability'} of ${classes[positiveClass]})`
    : all;
}

/**
 * One case's output (batch of one) as class probabilities in class order, computed in float64:
 * `logits` through a softmax (k columns) or a sigmoid (binary, one column); `probabilities` checked
 * to lie in [0, 1] and sum to 1 within {@link PROBABILITY_SUM_TOLERANCE}, then divided by their sum
 * so the written file meets the scorer's 1e-6 rule (the ranking is unchanged).
 * @throws {ModelRunFailure} output-shape, output-not-finite or output-invalid naming the case.
 */
export function outputToProbabilities(
  dims: readonly number[],
  values: readonly (number | string)[],
  track: OutputTrack,
  caseId: string,
): Float64Array {
  const { classes, positiveClass = 1, output } = track;
  const width = dims.length === 2 && dims[0] === 1 ? dims[1]! : -1;
  if (!acceptedOutputWidths(classes).includes(width))
    throw new ModelRunFailure(
      'output-shape',
      // The shape is not echoed: a shape the signature check let through is dynamic, so a model
      // could make it a function of a hidden input (NonZero, a data-dependent Reshape) and read the
      // input back from the failure message. The width the track expects is enough to fix it.
      `case ${caseId}: output '${output.name}' does not have the shape the track expects for one case, ${describeExpectedOutput(track).replace(/\[N,/g, '[1,')} (its shape at run time is not shown: it may depend on a hidden input)`,
      caseId,
    );
  const bad = values.findIndex((v) => typeof v !== 'number');
  if (bad >= 0)
    throw new ModelRunFailure(
      'output-not-finite',
      `case ${caseId}: output '${output.name}' holds ${String(values[bad])} at position ${bad}; every value must be finite`,
      caseId,
    );
  const raw = values as readonly number[];
  const probabilities = new Float64Array(classes.length);
  if (width === 1) {
    const p = output.values === 'logits' ? 1 / (1 + Math.exp(-raw[0]!)) : raw[0]!;
    probabilities[positiveClass] = p;
    probabilities[1 - positiveClass] = 1 - p;
  } else if (output.values === 'logits') {
    const max = Math.max(...raw);
    let sum = 0;
    for (let c = 0; c < width; c++) sum += probabilities[c] = Math.exp(raw[c]! - max);
    for (let c = 0; c < width; c++) probabilities[c]! /= sum;
  } else {
    let sum = 0;
    for (let c = 0; c < width; c++) sum += probabilities[c] = raw[c]!;
    if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE)
      throw new ModelRunFailure(
        'output-invalid',
        `case ${caseId}: output '${output.name}' sums to ${sum}; probabilities must sum to 1 (declare values: logits if the model ends without a softmax)`,
        caseId,
      );
    for (let c = 0; c < width; c++) probabilities[c]! /= sum;
  }
  const outside = probabilities.findIndex((p) => !(p >= 0 && p <= 1));
  if (outside >= 0)
    throw new ModelRunFailure(
      'output-invalid',
      `case ${caseId}: output '${output.name}' gives ${classes[outside]} a probability of ${probabilities[outside]}; probabilities lie in [0, 1] (declare values: logits for raw scores)`,
      caseId,
    );
  return probabilities;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The classification predictions CSV the scorer accepts (parseClassificationPredictions): for a
 * binary track `case_id,p_<positive class>`, otherwise one `p_<class>` column per class. Numbers
 * are written in full (JavaScript's shortest round-trip form), so the scorer reads exactly the
 * probabilities computed here.
 */
export function predictionsCsv(
  rows: readonly { caseId: string; probabilities: Float64Array }[],
  { classes, positiveClass = 1 }: Pick<OutputTrack, 'classes' | 'positiveClass'>,
): string {
  const columns = classes.length === 2 ? [positiveClass] : classes.map((_, c) => c);
  const header = ['case_id', ...columns.map((c) => csvField(`p_${classes[c]}`))].join(',');
  const lines = rows.map(({ caseId, probabilities }) =>
    [csvField(caseId), ...columns.map((c) => String(probabilities[c]))].join(','),
  );
  return `${[header, ...lines].join('\n')}\n`;
}
