/**
 * What a track takes, read from its task configuration (stored or parsed: the keys read here are
 * the same in both): ONNX models when it declares a `model` contract
 * (docs/model-submissions.md), OpenAI-compatible endpoints when it declares an `endpoint`
 * contract (docs/endpoint-submissions.md), and prediction files unless that contract says
 * `exclusive: true`. The upload API, the submit form and the benchmark page all decide from this.
 */
export interface TrackSubmissionKinds {
  predictions: boolean;
  model: boolean;
  endpoint: boolean;
}

export function trackSubmissionKinds(config: unknown): TrackSubmissionKinds {
  const { model, endpoint } = (config ?? {}) as { model?: unknown; endpoint?: unknown };
  const isExclusive = (contract: unknown) =>
    typeof contract === 'object' &&
    contract !== null &&
    (contract as { exclusive?: unknown }).exclusive === true;
  return {
    predictions: !isExclusive(model) && !isExclusive(endpoint),
    model: model !== undefined,
    endpoint: endpoint !== undefined,
  };
}

/** A submitted file the platform treats as a model rather than a predictions file. */
export const isModelFileName = (fileName: string) => /\.onnx$/i.test(fileName);
