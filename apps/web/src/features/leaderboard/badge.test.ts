import { describe, expect, it } from 'vitest';
import { escapeXml, renderBadgeSvg, verifiedRankText } from './badge';

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

describe('verifiedRankText', () => {
  it('says what the rank counts and out of how many', () => {
    expect(verifiedRankText(5, 14)).toBe('verified rank 5 of 14');
    expect(verifiedRankText(1, 1)).toBe('verified rank 1 of 1');
    expect(verifiedRankText(3, null)).toBe('verified rank 3');
  });
});

describe('escapeXml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&apos;');
  });
});
