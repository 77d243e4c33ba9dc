import { describe, expect, it } from 'vitest';
import { escapeXml, formatValueWithPlusMinus, renderBadgeSvg } from './badge';

describe('renderBadgeSvg', () => {
  it('escapes every text so a method name cannot inject markup', () => {
    const svg = renderBadgeSvg({ label: 'MedRank', message: '<script>alert("x")</script> & co' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });

  it('refuses a colour that is not a hex code', () => {
    expect(renderBadgeSvg({ label: 'a', message: 'b', color: 'red" onload="x' })).not.toContain(
      'onload',
    );
  });

  it('labels the image for screen readers', () => {
    expect(renderBadgeSvg({ label: 'MedRank', message: 'rank 3' })).toContain(
      'aria-label="MedRank: rank 3"',
    );
  });
});

describe('formatValueWithPlusMinus', () => {
  it('uses the larger half of an asymmetric interval', () => {
    expect(formatValueWithPlusMinus(0.91, 0.885, 0.93, 2)).toBe('0.91 ± 0.03');
    expect(formatValueWithPlusMinus(0.91, null, null, 2)).toBe('0.91');
  });
});

describe('escapeXml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&apos;');
  });
});
