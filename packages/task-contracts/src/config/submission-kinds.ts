/**
 * What a track takes besides prediction files, read from its parsed task configuration: ONNX
 * models when it declares a `model` contract (docs/model-submissions.md), OpenAI-compatible
 * endpoints when it declares an `endpoint` contract (docs/endpoint-submissions.md). The upload
 * API, the submit form and the worker all decide from this.
 */
export interface TrackSubmissionKinds {
  predictions: true;
  model: boolean;
  endpoint: boolean;
}

export function trackSubmissionKinds(parsedConfig: unknown): TrackSubmissionKinds {
  const config = (parsedConfig ?? {}) as { model?: unknown; endpoint?: unknown };
  return {
    predictions: true,
    model: config.model !== undefined,
    endpoint: config.endpoint !== undefined,
  };
}

/** A submitted file the platform treats as a model rather than a predictions file. */
export const isModelFileName = (fileName: string) => /\.onnx$/i.test(fileName);
