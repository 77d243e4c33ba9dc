import { z } from 'zod';
import { misconfigured } from './config-errors.js';

/**
 * What a track asks of a submitted OpenAI-compatible chat-completions endpoint
 * (docs/endpoint-submissions.md): the prompt each case is sent with, the sampling settings and the
 * limits of a run. Declared under `taskConfig.endpoint` of a multiple-choice, open-vqa, closed-vqa
 * or report-generation track; @medrank/endpoint-runner fills the prompt from each case's inputs
 * manifest row and writes the answers as a predictions file.
 *
 * @example
 * endpoint:
 *   prompt: "Question: {question}\nOptions: {options}\nAnswer with the letter only."
 *   system: "You are a radiologist."
 *   limits: { concurrency: 4 }
 */
export interface EndpointContract {
  /**
   * One request per entry, each filling one field of the case's prediction line: `answer` for the
   * VQA task types; for report generation one entry per scored section (`findings`, …), in the
   * track's section order. The YAML's `prompt` (or, for reports, `sections`) becomes this list.
   */
  prompts: EndpointPrompt[];
  /** System message sent before every prompt; absent: none. */
  system?: string;
  /** `max_tokens` of every request. */
  maxTokens: number;
  /** `temperature` of every request. */
  temperature: number;
  limits: EndpointRunLimits;
  /**
   * True: the track takes endpoints only and refuses prediction files (the questions' images
   * stay on MedRank's side, so every entry was answered by the endpoint it names). Default false.
   */
  exclusive: boolean;
}

export interface EndpointPrompt {
  /** The prediction field the answer fills (`answer`, or a report section name). */
  field: string;
  /**
   * The user message's text: `{column}` is replaced by the case's manifest column of that name
   * (`{options}` rendered as lettered lines), `{{` and `}}` are literal braces; any other brace
   * is literal text.
   */
  template: string;
}

export interface EndpointRunLimits {
  /** Requests in flight at once. */
  concurrency: number;
  /** Wall time of one request, connection to last byte. */
  requestTimeoutMs: number;
  /** Further attempts after a network error, a timeout, a 429 or a 5xx. */
  retries: number;
  /** Wall time of the whole run over one test set; cases not answered by then fail as `budget`. */
  totalSeconds: number;
}

export const DEFAULT_ENDPOINT_RUN_LIMITS: Readonly<EndpointRunLimits> = {
  concurrency: 4,
  requestTimeoutMs: 60_000,
  retries: 2,
  // 10 min: inside the workers' default job time limit (JOB_TIME_LIMIT_MS, 15 min) with room
  // for scoring; a longer run needs both raised (the worker lowers a budget above its limit).
  totalSeconds: 600,
};

/** Bounds of each limit: one run can keep a worker busy for hours at most, never hold it. */
export const ENDPOINT_RUN_LIMIT_RANGES: Readonly<
  Record<keyof EndpointRunLimits, [number, number]>
> = {
  concurrency: [1, 32],
  requestTimeoutMs: [1_000, 600_000],
  retries: [0, 5],
  totalSeconds: [10, 6 * 3_600],
};

export const DEFAULT_ENDPOINT_MAX_TOKENS = 256;
export const ENDPOINT_MAX_TOKENS_LIMIT = 8_192;
/** Longest prompt or system template: far above any real prompt, far below a request's size. */
export const ENDPOINT_TEMPLATE_MAX_CHARS = 20_000;

const template = (what: string) =>
  z
    .string({ error: `${what} must be a text` })
    .refine((text) => text.trim() !== '', `${what} must not be empty`)
    .refine(
      (text) => text.length <= ENDPOINT_TEMPLATE_MAX_CHARS,
      `${what} is longer than ${ENDPOINT_TEMPLATE_MAX_CHARS} characters`,
    );

const limit = (key: keyof EndpointRunLimits) => {
  const [min, max] = ENDPOINT_RUN_LIMIT_RANGES[key];
  return z
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be a whole number from ${min} to ${max}`)
    .max(max, `must be a whole number from ${min} to ${max}`)
    .default(DEFAULT_ENDPOINT_RUN_LIMITS[key]);
};

const endpointContractSchema = z
  .object({
    prompt: template('the prompt').optional(),
    sections: z
      .record(z.string(), template('a section prompt'), {
        error: 'must map each section name to its prompt, e.g. { findings: "…" }',
      })
      .optional(),
    system: template('the system message').optional(),
    maxTokens: z
      .number({ error: `must be a whole number from 1 to ${ENDPOINT_MAX_TOKENS_LIMIT}` })
      .int(`must be a whole number from 1 to ${ENDPOINT_MAX_TOKENS_LIMIT}`)
      .min(1, `must be a whole number from 1 to ${ENDPOINT_MAX_TOKENS_LIMIT}`)
      .max(
        ENDPOINT_MAX_TOKENS_LIMIT,
        `must be a whole number from 1 to ${ENDPOINT_MAX_TOKENS_LIMIT}`,
      )
      .default(DEFAULT_ENDPOINT_MAX_TOKENS),
    temperature: z
      .number({ error: 'must be a number from 0 to 2' })
      .min(0, 'must be a number from 0 to 2')
      .max(2, 'must be a number from 0 to 2')
      .default(0),
    limits: z
      .object({
        concurrency: limit('concurrency'),
        requestTimeoutMs: limit('requestTimeoutMs'),
        retries: limit('retries'),
        totalSeconds: limit('totalSeconds'),
      })
      .strict()
      .default(DEFAULT_ENDPOINT_RUN_LIMITS),
    exclusive: z.boolean({ error: 'must be true or false' }).default(false),
  })
  .strict();

/** The endpoint contract as the curator writes it (before defaults). */
export type EndpointContractInput = z.input<typeof endpointContractSchema>;

const EXAMPLE =
  'e.g. { prompt: "Question: {question}\\nOptions: {options}\\nAnswer with the letter only." }';

function describeIssue(issue: z.core.$ZodIssue): string {
  const at = ['endpoint', ...issue.path.map(String)].join('.');
  if (issue.code === 'unrecognized_keys')
    return `${at} has unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return `${at}: ${issue.message}`;
}

/**
 * Validates a track's `endpoint` block. Every error names the key and what was expected.
 * Placeholders are not checked against columns here: columns belong to each test set's inputs,
 * so a prompt naming a column the manifest lacks fails the run, not the configuration.
 * @param taskType the track's task type, for the error message.
 * @param reportSections report generation only: the track's scored sections. A single-section
 *   track takes `prompt` (or `sections` naming that section); a track of several sections takes
 *   `sections` with one prompt per section, each answered by its own request.
 * @throws {AppError} BAD_REQUEST `<taskType> track misconfigured: endpoint.<key> …`
 */
export function parseEndpointContract(
  taskType: string,
  raw: unknown,
  { reportSections }: { reportSections?: readonly string[] } = {},
): EndpointContract {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw misconfigured(taskType, `endpoint must be an object; ${EXAMPLE}`);
  const parsed = endpointContractSchema.safeParse(raw);
  if (!parsed.success)
    throw misconfigured(taskType, parsed.error.issues.map(describeIssue).join('; '));
  const { prompt, sections, system, maxTokens, temperature, limits, exclusive } = parsed.data;
  const contract = (prompts: EndpointPrompt[]): EndpointContract => ({
    prompts,
    ...(system === undefined ? {} : { system }),
    maxTokens,
    temperature,
    limits,
    exclusive,
  });

  if (reportSections === undefined) {
    if (sections !== undefined)
      throw misconfigured(
        taskType,
        'endpoint.sections is for report-generation tracks; this track takes one endpoint.prompt',
      );
    if (prompt === undefined)
      throw misconfigured(taskType, `endpoint.prompt is required; ${EXAMPLE}`);
    return contract([{ field: 'answer', template: prompt }]);
  }

  const listed = reportSections.map((s) => `"${s}"`).join(', ');
  if (prompt !== undefined && sections !== undefined)
    throw misconfigured(
      taskType,
      'endpoint has both prompt and sections; give prompt for a single-section track, or sections with one prompt per section',
    );
  if (prompt !== undefined) {
    if (reportSections.length !== 1)
      throw misconfigured(
        taskType,
        `endpoint.prompt fills a single section, and this track scores ${reportSections.length} (${listed}); give endpoint.sections with one prompt per section, e.g. { findings: "…", impression: "…" }`,
      );
    return contract([{ field: reportSections[0]!, template: prompt }]);
  }
  if (sections === undefined)
    throw misconfigured(
      taskType,
      `endpoint needs prompt (a single-section track) or sections with one prompt per section (${listed})`,
    );
  const unknown = Object.keys(sections).filter((s) => !reportSections.includes(s));
  if (unknown.length > 0)
    throw misconfigured(
      taskType,
      `endpoint.sections names ${unknown.map((s) => `"${s}"`).join(', ')}, which the track does not score; its sections are ${listed}`,
    );
  const missing = reportSections.filter((s) => !Object.hasOwn(sections, s));
  if (missing.length > 0)
    throw misconfigured(
      taskType,
      `endpoint.sections has no prompt for ${missing.map((s) => `"${s}"`).join(', ')}; every scored section (${listed}) needs one`,
    );
  return contract(reportSections.map((field) => ({ field, template: sections[field]! })));
}

/** `endpoint` of a task config, parsed when present. */
export function readEndpointContract(
  taskType: string,
  raw: Record<string, unknown>,
  options: { reportSections?: readonly string[] } = {},
): { endpoint?: EndpointContract } {
  return raw.endpoint === undefined
    ? {}
    : { endpoint: parseEndpointContract(taskType, raw.endpoint, options) };
}
