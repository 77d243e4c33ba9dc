import type { TrackDto } from '@medrank/db';
import { predictionTemplate, taskTypeContract } from '@medrank/task-contracts';
import {
  describeModelContract,
  parseModelContract,
  trackSubmissionKinds,
  type ModelContract,
  type TrackSubmissionKinds,
} from '@medrank/task-contracts/config';

type TrackFormatFacts = Pick<TrackDto, 'taskType' | 'taskConfig' | 'metrics'>;

/** What the benchmark page tells a participant about a track's predictions file. */
export interface SubmissionFormat {
  description: string;
  rules: string[];
  example: string;
  /** The file input's `accept` filter. */
  accept: string;
  /** The template download's label, or null when the format has no per-case template. */
  templateLabel: string | null;
  /** Why there is no template (a ZIP of masks, a TREC run, boxes), or a reported-only track. */
  noTemplateReason: string | null;
  /** False for a reported-only track (nothing MedRank computes): no template, no upload. */
  scored: boolean;
  /** What the track takes: prediction files (unless a run contract is exclusive), an ONNX model, an endpoint. */
  takes: TrackSubmissionKinds;
}

/** What happens to a submitted model or endpoint, said once for the "or" rule and the models-only card. */
const MODEL_RUN =
  "MedRank runs it on the test set's inputs (hidden ones stay hidden) and scores its outputs like a predictions file; docs/model-submissions.md explains the contract.";
const ENDPOINT_RUN =
  "MedRank's workers send it each case's image with the track's prompt (the images stay on MedRank's side) and score its answers; docs/endpoint-submissions.md has the prompt and the limits.";

/** The track's model contract, parsed; null when it has none (or, never on a saved track, a bad one). */
function modelContractOf(track: TrackFormatFacts): ModelContract | null {
  const raw = (track.taskConfig as { model?: unknown } | null)?.model;
  if (raw === undefined) return null;
  try {
    return parseModelContract(track.taskType, raw);
  } catch {
    return null;
  }
}

/**
 * The submission format of a track, read from its task type's contract (the same description the
 * parsers are tested against), with the track's own columns (classes, sections) filled in.
 */
export function submissionFormat(track: TrackFormatFacts): SubmissionFormat {
  const contract = taskTypeContract(track.taskType);
  if (!contract) {
    return {
      description: `Unknown task type "${track.taskType}".`,
      rules: [],
      example: '',
      accept: '',
      templateLabel: null,
      noTemplateReason: null,
      scored: false,
      takes: { predictions: false, model: false, endpoint: false },
    };
  }
  const { predictions } = contract;
  const template = predictionTemplate(track.taskType, track.taskConfig);
  const scored = track.metrics.length > 0;
  const headerRule =
    template.format === 'csv'
      ? [`This track's header row: ${template.header.join(',')}`]
      : template.format === 'jsonl'
        ? [
            `This track's fields: ${Object.keys(template.record('…'))
              .map((k) => `"${k}"`)
              .join(', ')}`,
          ]
        : [];
  // A track with a `model` contract also takes an ONNX model (docs/model-submissions.md); the
  // page states this track's contract from the parsed contract, as the runner reads it.
  const model = modelContractOf(track);
  const takes = trackSubmissionKinds(track.taskConfig);
  const modelRule = model
    ? [
        ...(takes.predictions ? [`Or upload an ONNX model (.onnx): ${MODEL_RUN}`] : []),
        ...describeModelContract(model, track.taskType),
      ]
    : [];
  const endpointRule =
    takes.endpoint && takes.predictions
      ? [`Or register an OpenAI-compatible chat-completions endpoint: ${ENDPOINT_RUN}`]
      : [];
  const noTemplateReason = !scored
    ? 'This track lists published results only: MedRank computes no metric for it, so it takes no uploads.'
    : template.format === null
      ? template.reason
      : null;
  if (!takes.predictions) {
    // An exclusive run contract: prediction files are refused, so the card describes the run
    // only (no file format, no case-id template).
    return {
      description: takes.model
        ? `This track takes ONNX models only (prediction files are refused): ${MODEL_RUN}`
        : `This track takes endpoints only (prediction files are refused): register an OpenAI-compatible chat-completions endpoint; ${ENDPOINT_RUN}`,
      rules: modelRule,
      example: '',
      accept: takes.model ? '.onnx' : '',
      templateLabel: null,
      noTemplateReason: scored ? null : noTemplateReason,
      scored,
      takes,
    };
  }
  return {
    description: predictions.description,
    rules: [...headerRule, ...predictions.rules, ...modelRule, ...endpointRule],
    // The contract's example has a generic header (classes "benign,malignant"); beside this
    // track's own header row it would contradict it, so it is shown only when the headers agree.
    example:
      template.format === 'csv' && predictions.example.split('\n')[0] !== template.header.join(',')
        ? ''
        : predictions.example,
    accept: [...predictions.accept, ...(takes.model ? ['.onnx'] : [])].join(','),
    templateLabel:
      scored && template.format
        ? `Download the case-id template (${template.format.toUpperCase()})`
        : null,
    noTemplateReason,
    scored,
    takes,
  };
}

/** The submit section's heading: what this track takes, in words. */
export function submitHeading(takes: TrackSubmissionKinds | undefined): string {
  const kinds = [
    ...(takes?.predictions !== false ? ['predictions'] : []),
    ...(takes?.model ? ['a model'] : []),
    ...(takes?.endpoint ? ['an endpoint'] : []),
  ];
  const listed =
    kinds.length <= 2 ? kinds.join(' or ') : `${kinds.slice(0, -1).join(', ')} or ${kinds.at(-1)}`;
  return `Submit ${listed || 'predictions'}`;
}
