import { describe, expect, it } from 'vitest';
import { letterOptions, placeholdersOf, renderPrompt, splitOptions } from './render-prompt.js';

describe('renderPrompt', () => {
  const columns = { question: 'Is this a CT?', options: 'yes|no', file_name: 'a.png' };

  it('fills columns and letters the options', () => {
    expect(
      renderPrompt('Question: {question}\nOptions:\n{options}\nFile {file_name}.', columns),
    ).toEqual({ ok: true, text: 'Question: Is this a CT?\nOptions:\nA. yes\nB. no\nFile a.png.' });
  });

  it('keeps escaped and stray braces as text', () => {
    expect(
      renderPrompt(
        'Reply as {"answer": "A"} or {{question}}: {question} {not a placeholder}',
        columns,
      ),
    ).toEqual({
      ok: true,
      text: 'Reply as {"answer": "A"} or {question}: Is this a CT? {not a placeholder}',
    });
  });

  it('names the column a case lacks', () => {
    expect(renderPrompt('{question} {options}', { question: 'q' })).toEqual({
      ok: false,
      problem:
        'the inputs manifest gives no "options" for this case, and the prompt uses {options}',
    });
  });

  it('does not read inherited properties as columns', () => {
    expect(renderPrompt('{constructor}', {})).toMatchObject({ ok: false });
  });

  it('refuses more options than letters', () => {
    const options = JSON.stringify(Array.from({ length: 27 }, (_, i) => `o${i}`));
    expect(renderPrompt('{options}', { options })).toEqual({
      ok: false,
      problem: '"options" has 27 options; at most 26 can be lettered A–Z',
    });
  });
});

describe('splitOptions', () => {
  it.each<[string, string[]]>([
    ['["CT", "MRI", 3]', ['CT', 'MRI', '3']],
    ['left | right', ['left', 'right']],
    ['aorta; vena cava', ['aorta', 'vena cava']],
    ['a|b;c', ['a', 'b;c']],
    ['[not json', ['[not json']],
    ['single option', ['single option']],
    ['  ', []],
  ])('reads %j', (value, expected) => {
    expect(splitOptions(value)).toEqual(expected);
  });

  it('letters in order', () => {
    expect(letterOptions(['first', 'second', 'third'])).toBe('A. first\nB. second\nC. third');
  });
});

describe('placeholdersOf', () => {
  it('lists each column once, without escaped braces', () => {
    expect(placeholdersOf('{question} {{options}} {question} {file_name} {x y}')).toEqual([
      'question',
      'file_name',
    ]);
  });
});
