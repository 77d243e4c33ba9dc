// The OpenAI chat-completions wire format, as far as a run uses it: one user message of text and
// image, and the answer text of the first choice.

export interface ChatRequestOptions {
  modelName: string;
  system?: string;
  text: string;
  /** `data:image/…;base64,…`. */
  imageUrl: string;
  maxTokens: number;
  temperature: number;
}

export function chatRequestBody(options: ChatRequestOptions): Buffer {
  const messages: unknown[] = [];
  if (options.system !== undefined) messages.push({ role: 'system', content: options.system });
  messages.push({
    role: 'user',
    content: [
      { type: 'text', text: options.text },
      { type: 'image_url', image_url: { url: options.imageUrl } },
    ],
  });
  return Buffer.from(
    JSON.stringify({
      model: options.modelName,
      messages,
      max_tokens: options.maxTokens,
      temperature: options.temperature,
      stream: false,
    }),
  );
}

export type ChatAnswer = { ok: true; text: string } | { ok: false; detail: string };

const EXCERPT_CHARS = 200;

/** At most 200 characters of the endpoint's own text, on one line. */
export function excerpt(text: string): string {
  const line = text
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS - 1)}…` : line;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The answer text of a 2xx response: `choices[0].message.content`, a string or an array of
 * content parts whose `text` parts are joined. An empty text is an answer (the scorer counts it
 * as an extraction failure); anything else is `unparseable`, described with at most an excerpt.
 * `body` is the response text with the API key already redacted (the excerpt could cut it).
 */
export function readChatAnswer(body: string): ChatAnswer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return {
      ok: false,
      detail: `the response is not JSON${body.trim() === '' ? ' (empty body)' : `: "${excerpt(body)}"`}`,
    };
  }
  const choice = isRecord(parsed) && Array.isArray(parsed.choices) ? parsed.choices[0] : undefined;
  if (!isRecord(choice))
    return { ok: false, detail: 'the response has no choices[0]; expected a chat completion' };
  const message = choice.message;
  if (!isRecord(message))
    return { ok: false, detail: 'choices[0] has no message; expected a chat completion' };
  const content = message.content;
  if (typeof content === 'string') return { ok: true, text: content };
  if (Array.isArray(content)) {
    const texts = content
      .filter(isRecord)
      .map((part) => part.text)
      .filter((text): text is string => typeof text === 'string');
    if (texts.length > 0 || content.length === 0) return { ok: true, text: texts.join('') };
    return { ok: false, detail: 'choices[0].message.content has no text part' };
  }
  if (content === null || content === undefined)
    return {
      ok: false,
      detail: `choices[0].message.content is ${content === null ? 'null' : 'missing'}${typeof message.refusal === 'string' ? ' (the model refused)' : ''}`,
    };
  return { ok: false, detail: 'choices[0].message.content is neither a text nor a list of parts' };
}

/** `HTTP <status>: <the endpoint's error message or body excerpt>`. */
export function describeHttpStatus(status: number, text: string): string {
  let message = text;
  try {
    const parsed: unknown = JSON.parse(text);
    if (isRecord(parsed)) {
      const error = parsed.error;
      if (isRecord(error) && typeof error.message === 'string') message = error.message;
      else if (typeof error === 'string') message = error;
      else if (typeof parsed.message === 'string') message = parsed.message;
    }
  } catch {
    // Not JSON: the raw text is the excerpt.
  }
  const said = excerpt(message);
  return said === '' ? `HTTP ${status}` : `HTTP ${status}: ${said}`;
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date); null if none or unreadable. */
export function retryAfterMs(
  header: string | string[] | undefined,
  now = Date.now(),
): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value.trim()) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
