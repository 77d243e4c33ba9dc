import { describe, expect, it } from 'vitest';
import { describeHttpStatus, excerpt, readChatAnswer, retryAfterMs } from './chat-completion.js';

const completion = (message: unknown) => JSON.stringify({ choices: [{ message }] });

describe('readChatAnswer', () => {
  it.each<[string, string, string]>([
    ['a text content', completion({ content: 'B' }), 'B'],
    ['an empty text', completion({ content: '' }), ''],
    [
      'content parts',
      completion({
        content: [
          { type: 'text', text: 'The answer ' },
          { type: 'text', text: 'is B' },
        ],
      }),
      'The answer is B',
    ],
  ])('reads %s', (_, body, text) => {
    expect(readChatAnswer(body)).toEqual({ ok: true, text });
  });

  it.each<[string, string, string]>([
    ['an empty body', '', 'the response is not JSON (empty body)'],
    [
      'no choices',
      '{"object":"error"}',
      'the response has no choices[0]; expected a chat completion',
    ],
    [
      'a choice without message',
      '{"choices":[{"text":"B"}]}',
      'choices[0] has no message; expected a chat completion',
    ],
    [
      'a missing content',
      completion({ role: 'assistant' }),
      'choices[0].message.content is missing',
    ],
    [
      'a number',
      completion({ content: 3 }),
      'choices[0].message.content is neither a text nor a list of parts',
    ],
    [
      'parts without text',
      completion({ content: [{ type: 'image_url' }] }),
      'choices[0].message.content has no text part',
    ],
  ])('calls %s unparseable', (_, body, detail) => {
    expect(readChatAnswer(body)).toEqual({ ok: false, detail });
  });
});

describe('describeHttpStatus and excerpt', () => {
  it("quotes the endpoint's own error message, on one line, at most 200 characters", () => {
    expect(describeHttpStatus(429, '{"error":{"message":"Rate limit\\nreached"}}')).toBe(
      'HTTP 429: Rate limit reached',
    );
    expect(describeHttpStatus(502, '')).toBe('HTTP 502');
    expect(excerpt('y'.repeat(500))).toHaveLength(200);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('2', now)).toBe(2_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5_000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(undefined, now)).toBeNull();
  });
});
