import { describe, expect, it } from 'vitest';
import { parseClosedVqaConfig } from './closed-vqa-config.js';
import {
  DEFAULT_ENDPOINT_RUN_LIMITS,
  parseEndpointContract,
  type EndpointContract,
} from './endpoint-contract.js';
import { parseReportGenerationConfig } from './report-generation-config.js';
import { parseMultipleChoiceConfig, parseOpenVqaConfig } from './vqa-configs.js';
import { parseTaskConfig } from './index.js';

const PROMPT = 'Question: {question}\nOptions: {options}\nAnswer with the letter only.';

describe('parseEndpointContract', () => {
  it('fills the documented defaults and turns prompt into the answer field', () => {
    expect(parseEndpointContract('multiple-choice', { prompt: PROMPT })).toEqual({
      prompts: [{ field: 'answer', template: PROMPT }],
      maxTokens: 256,
      temperature: 0,
      limits: { concurrency: 4, requestTimeoutMs: 60_000, retries: 2, totalSeconds: 600 },
      exclusive: false,
    } satisfies EndpointContract);
  });

  it('reads exclusive (the track takes endpoints only) and refuses a value that is not a boolean', () => {
    expect(parseEndpointContract('open-vqa', { prompt: PROMPT, exclusive: true }).exclusive).toBe(
      true,
    );
    expect(() => parseEndpointContract('open-vqa', { prompt: PROMPT, exclusive: 1 })).toThrow(
      /open-vqa track misconfigured: endpoint\.exclusive: must be true or false/,
    );
  });

  it('reads a system message, sampling settings and partial limits', () => {
    const contract = parseEndpointContract('open-vqa', {
      prompt: '{question}',
      system: 'You are a radiologist.',
      maxTokens: 8192,
      temperature: 0.7,
      limits: { concurrency: 1, retries: 0 },
    });
    expect(contract).toMatchObject({ system: 'You are a radiologist.', maxTokens: 8192 });
    expect(contract.temperature).toBe(0.7);
    expect(contract.limits).toEqual({ ...DEFAULT_ENDPOINT_RUN_LIMITS, concurrency: 1, retries: 0 });
  });

  it.each<[string, unknown, RegExp]>([
    ['a text', 'Answer: {question}', /endpoint must be an object; e\.g\./],
    ['no prompt', {}, /endpoint\.prompt is required/],
    ['an empty prompt', { prompt: '  ' }, /endpoint\.prompt: the prompt must not be empty/],
    ['a numeric prompt', { prompt: 3 }, /endpoint\.prompt: the prompt must be a text/],
    [
      'a huge prompt',
      { prompt: 'x'.repeat(20_001) },
      /endpoint\.prompt: the prompt is longer than 20000/,
    ],
    [
      'maxTokens 0',
      { prompt: 'p', maxTokens: 0 },
      /endpoint\.maxTokens: must be a whole number from 1 to 8192/,
    ],
    ['maxTokens 1.5', { prompt: 'p', maxTokens: 1.5 }, /endpoint\.maxTokens: must be a whole/],
    [
      'temperature 3',
      { prompt: 'p', temperature: 3 },
      /endpoint\.temperature: must be a number from 0 to 2/,
    ],
    [
      'concurrency 100',
      { prompt: 'p', limits: { concurrency: 100 } },
      /endpoint\.limits\.concurrency: must be a whole number from 1 to 32/,
    ],
    [
      'a timeout below a second',
      { prompt: 'p', limits: { requestTimeoutMs: 10 } },
      /endpoint\.limits\.requestTimeoutMs: must be a whole number from 1000 to 600000/,
    ],
    [
      'retries -1',
      { prompt: 'p', limits: { retries: -1 } },
      /endpoint\.limits\.retries: must be a whole number from 0 to 5/,
    ],
    [
      'an unknown limit',
      { prompt: 'p', limits: { perCaseMs: 5 } },
      /endpoint\.limits has unknown key "perCaseMs"/,
    ],
    ['an unknown key', { prompt: 'p', model: 'gpt' }, /endpoint has unknown key "model"/],
    [
      'sections outside reports',
      { prompt: 'p', sections: { findings: 'f' } },
      /endpoint\.sections is for report-generation tracks/,
    ],
  ])('refuses %s, naming the key', (_, raw, message) => {
    expect(() => parseEndpointContract('multiple-choice', raw)).toThrow(message);
    expect(() => parseEndpointContract('multiple-choice', raw)).toThrow(
      /^multiple-choice track misconfigured: /,
    );
  });

  it('does not check placeholders: columns belong to each test set', () => {
    expect(
      parseEndpointContract('closed-vqa', { prompt: '{no_such_column} {{literal}}' }).prompts,
    ).toEqual([{ field: 'answer', template: '{no_such_column} {{literal}}' }]);
  });
});

describe('parseEndpointContract for report generation', () => {
  const findings = ['findings'];
  const both = ['findings', 'impression'];

  it('lets prompt fill the single section of a one-section track', () => {
    expect(
      parseEndpointContract(
        'report-generation',
        { prompt: 'Findings?' },
        { reportSections: findings },
      ).prompts,
    ).toEqual([{ field: 'findings', template: 'Findings?' }]);
  });

  it('sends one prompt per section, in the track order', () => {
    expect(
      parseEndpointContract(
        'report-generation',
        { sections: { impression: 'Impression?', findings: 'Findings?' } },
        { reportSections: both },
      ).prompts,
    ).toEqual([
      { field: 'findings', template: 'Findings?' },
      { field: 'impression', template: 'Impression?' },
    ]);
  });

  it.each<[string, unknown, RegExp]>([
    [
      'prompt on a two-section track',
      { prompt: 'p' },
      /endpoint\.prompt fills a single section, and this track scores 2 \("findings", "impression"\)/,
    ],
    [
      'a missing section',
      { sections: { findings: 'f' } },
      /endpoint\.sections has no prompt for "impression"/,
    ],
    [
      'an unscored section',
      { sections: { findings: 'f', impression: 'i', history: 'h' } },
      /endpoint\.sections names "history", which the track does not score/,
    ],
    [
      'both prompt and sections',
      { prompt: 'p', sections: { findings: 'f' } },
      /endpoint has both prompt and sections/,
    ],
    ['neither', {}, /endpoint needs prompt \(a single-section track\) or sections/],
    [
      'an empty section prompt',
      { sections: { findings: '', impression: 'i' } },
      /endpoint\.sections\.findings: a section prompt must not be empty/,
    ],
  ])('refuses %s', (_, raw, message) => {
    expect(() => parseEndpointContract('report-generation', raw, { reportSections: both })).toThrow(
      message,
    );
  });
});

describe('the endpoint key of the task configs', () => {
  const endpoint = { prompt: PROMPT };

  it('is optional and absent from a config without it', () => {
    expect(parseMultipleChoiceConfig({})).not.toHaveProperty('endpoint');
    expect(parseOpenVqaConfig({})).not.toHaveProperty('endpoint');
    expect(parseClosedVqaConfig({})).not.toHaveProperty('endpoint');
    expect(parseReportGenerationConfig({})).not.toHaveProperty('endpoint');
  });

  it('is parsed by the multiple-choice, open-vqa and closed-vqa configs', () => {
    for (const config of [
      parseMultipleChoiceConfig({ endpoint }),
      parseOpenVqaConfig({ endpoint }),
      parseClosedVqaConfig({ endpoint }),
      parseClosedVqaConfig({ endpoint, answerSet: ['left', 'right'] }),
    ])
      expect(config.endpoint?.prompts).toEqual([{ field: 'answer', template: PROMPT }]);
  });

  it('is checked against the report sections of a report-generation config', () => {
    expect(
      parseReportGenerationConfig({
        sections: ['findings', 'impression'],
        endpoint: { sections: { findings: 'F', impression: 'I' } },
      }).endpoint?.prompts.map((p) => p.field),
    ).toEqual(['findings', 'impression']);
    expect(() =>
      parseTaskConfig('report-generation', { sections: ['findings', 'impression'], endpoint }),
    ).toThrow(/^report-generation track misconfigured: endpoint\.prompt fills a single section/);
  });

  it('names the task type of the track in errors', () => {
    expect(() => parseTaskConfig('open-vqa', { endpoint: { prompt: '' } })).toThrow(
      /^open-vqa track misconfigured: endpoint\.prompt: the prompt must not be empty/,
    );
  });
});
