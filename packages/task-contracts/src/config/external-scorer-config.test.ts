import { describe, expect, it } from 'vitest';
import { EXTERNAL_SCORER_DEFAULTS, parseExternalScorers } from './external-scorer-config.js';

const radgraph = {
  key: 'radgraph_f1',
  label: 'RadGraph F1',
  url: 'http://scorer:8000/score',
  higherIsBetter: true,
  range: [0, 1],
  version: 'radgraph-1.0',
};
const parse = (entries: unknown) =>
  parseExternalScorers('report-generation', entries, ['rougeL_f']);

describe('parseExternalScorers', () => {
  it('reads a scorer with defaults for the optional fields', () => {
    expect(parse([radgraph])).toEqual([{ ...EXTERNAL_SCORER_DEFAULTS, ...radgraph }]);
    expect(parse([{ ...radgraph, timeoutMs: 5_000, batchSize: 8 }])[0]).toMatchObject({
      timeoutMs: 5_000,
      batchSize: 8,
    });
    expect(parse(undefined)).toEqual([]);
  });

  it.each([
    [
      { ...radgraph, timeout: 5 },
      'externalScorers[0]: unknown field "timeout"; known: key, label, url',
    ],
    [
      { ...radgraph, url: 'scorer:8000/score' },
      'externalScorers[0]: url must use http or https; found "scorer:"',
    ],
    [
      { ...radgraph, url: '/score' },
      'externalScorers[0]: url must be an absolute http(s) URL; found "/score"',
    ],
    [{ ...radgraph, url: 'ftp://scorer/score' }, 'url must use http or https; found "ftp:"'],
    [{ ...radgraph, url: 'http://user:pw@scorer/score' }, 'url must not contain credentials'],
    [{ ...radgraph, key: 'rougeL_f' }, 'key "rougeL_f" clashes with the built-in metric'],
    [{ ...radgraph, key: 'accuracy' }, 'key "accuracy" clashes with the built-in metric Accuracy'],
    [{ ...radgraph, key: 'rad-graph' }, 'key must match'],
    [{ ...radgraph, key: 'rougel_f' }, 'key "rougel_f" clashes with the built-in metric'],
    [
      { ...radgraph, range: [1, 0] },
      'range must be [low, high] with finite low < high; found [1,0]',
    ],
    [{ ...radgraph, higherIsBetter: 'yes' }, 'higherIsBetter must be true or false; found "yes"'],
    [{ ...radgraph, version: '' }, 'version must be a non-empty string'],
    [{ ...radgraph, timeoutMs: 0 }, 'timeoutMs must be an integer from 1 to 600000; found 0'],
    [{ ...radgraph, batchSize: 1.5 }, 'batchSize must be an integer from 1 to 4096; found 1.5'],
    ['radgraph', 'externalScorers[0]: must be an object; found "radgraph"'],
  ])('rejects %j precisely', (entry, message) => {
    expect(() => parse([entry])).toThrow(message);
    expect(() => parse([entry])).toThrow(/^report-generation track misconfigured: /);
  });

  it('rejects a key used twice and a non-list', () => {
    expect(() => parse([radgraph, { ...radgraph, label: 'Again' }])).toThrow(
      'externalScorers[1]: key "radgraph_f1" is used by an earlier scorer',
    );
    expect(() => parse({ radgraph })).toThrow('externalScorers must be a list of scorer objects');
  });
});
