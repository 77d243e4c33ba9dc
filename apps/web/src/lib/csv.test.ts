import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv';

describe('csvCell', () => {
  it('quotes commas, quotes and line breaks (RFC 4180) and leaves plain text alone', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(true)).toBe('true');
  });

  it.each([
    ['=HYPERLINK("http://evil.example","x")', '"\'=HYPERLINK(""http://evil.example"",""x"")"'],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', '"\'\r=1+1"'],
    ['-', "'-"],
    ['=', "'="],
  ])('defuses text a spreadsheet would run: %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('writes numbers we computed as they are, negative ones included', () => {
    expect(csvCell(-0.25)).toBe('-0.25');
    expect(csvCell(0.5)).toBe('0.5');
    expect(csvCell(-1e-7)).toBe('-1e-7');
  });

  it('leaves text that is exactly a plain decimal number alone (ids like "-5")', () => {
    expect(csvCell('-5')).toBe('-5');
    expect(csvCell('+3.5')).toBe('+3.5');
    expect(csvCell('-1e3')).toBe('-1e3');
    expect(csvCell('-1-1')).toBe("'-1-1");
    expect(csvCell('-5 ')).toBe("'-5 ");
  });

  it('does not touch a formula character after the first position', () => {
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(' =1')).toBe(' =1');
  });
});

describe('csvLine', () => {
  it('joins defused cells with commas', () => {
    expect(csvLine(['=1', 2, null, 'x,y'])).toBe('\'=1,2,,"x,y"');
  });
});
