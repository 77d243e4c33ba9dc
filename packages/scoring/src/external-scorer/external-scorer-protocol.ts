/**
 * Wire format of the external-scorer protocol (docs/external-scorers.md). Bump the version in
 * PROTOCOL when a change would break a scorer written against the current one.
 */
export const EXTERNAL_SCORER_PROTOCOL = 'medrank-external-scorer/1';

export interface ExternalScoreRequest {
  protocol: typeof EXTERNAL_SCORER_PROTOCOL;
  metric: string;
  /** `id` is a fresh random id per item and request, never a case id. */
  items: { id: string; reference: string; candidate: string }[];
}

export interface ExternalScoreResponse {
  /** Optional; when present it must equal EXTERNAL_SCORER_PROTOCOL. */
  protocol?: string;
  /** Exactly one entry per request item, in any order; null = the scorer has no value for that item. */
  scores: { id: string; value: number | null }[];
  scorer: { name: string; version: string };
}

export interface ScorerIdentity {
  name: string;
  version: string;
}

/**
 * Validates a scorer's response to one batch and returns its values in request order.
 * Messages are built from MedRank's own text and numbers only: nothing the scorer sent back is
 * quoted unless it is a number or a short version-like token, so an echoing scorer cannot leak
 * hidden reference text into a note.
 * @throws {Error} (a plain message; the caller wraps it) for any deviation from the protocol.
 */
export function readExternalScoreResponse(
  text: string,
  ids: readonly string[],
  expected: { version: string; range: readonly [number, number] },
): { values: (number | null)[]; scorer: ScorerIdentity } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(
      'response is not valid JSON (NaN and Infinity are not JSON: send null for an item without a value)',
    );
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new Error('response is not a JSON object');
  const record = body as Record<string, unknown>;
  if (record.protocol !== undefined && record.protocol !== EXTERNAL_SCORER_PROTOCOL) {
    throw new Error(
      `response speaks ${safeToken(record.protocol)}, not ${EXTERNAL_SCORER_PROTOCOL}`,
    );
  }
  const scorer = record.scorer as Record<string, unknown> | undefined;
  if (
    typeof scorer !== 'object' ||
    scorer === null ||
    typeof scorer.name !== 'string' ||
    typeof scorer.version !== 'string'
  ) {
    throw new Error('response lacks scorer: { name, version } strings');
  }
  if (scorer.version !== expected.version) {
    throw new Error(
      `scorer reports version ${safeToken(scorer.version)} but the track expects "${expected.version}"; update the track's version (and rescore) or deploy the expected scorer`,
    );
  }
  const scores = record.scores;
  if (!Array.isArray(scores)) throw new Error('response lacks a scores list');
  if (scores.length !== ids.length)
    throw new Error(`response has ${scores.length} scores for a batch of ${ids.length} items`);

  const position = new Map(ids.map((id, i) => [id, i]));
  const values = new Array<number | null | undefined>(ids.length).fill(undefined);
  const [low, high] = expected.range;
  scores.forEach((entry: unknown, j) => {
    const score = entry as Record<string, unknown> | null;
    if (typeof score !== 'object' || score === null)
      throw new Error(`scores[${j}] is not an object`);
    const i = typeof score.id === 'string' ? position.get(score.id) : undefined;
    if (i === undefined) throw new Error(`scores[${j}].id is not one of the batch's item ids`);
    if (values[i] !== undefined) throw new Error(`scores[${j}].id repeats an earlier entry's id`);
    const value = score.value;
    if (value === null) {
      values[i] = null;
      return;
    }
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new Error(`scores[${j}].value is not a finite number or null`);
    if (value < low || value > high)
      throw new Error(
        `scores[${j}].value ${value} is outside the declared range [${low}, ${high}]`,
      );
    values[i] = value;
  });
  return {
    values: values as (number | null)[],
    scorer: { name: scorer.name, version: scorer.version },
  };
}

/** A value the scorer sent, quoted only when it is a short version-like token. */
function safeToken(value: unknown): string {
  return typeof value === 'string' && /^[\w.+\-/:]{1,64}$/.test(value)
    ? `"${value}"`
    : 'an unexpected value';
}
