/**
 * A shields-style SVG badge: a grey label on the left, a coloured message on the right.
 * Widths come from an average glyph width of Verdana 11px (what shields.io uses), which is
 * close enough for short texts; all text is XML-escaped.
 */
const CHAR_WIDTH_PX = 6.8;
const PADDING_PX = 10;

export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

const textWidth = (text: string) => Math.round(Array.from(text).length * CHAR_WIDTH_PX);

export function renderBadgeSvg({
  label,
  message,
  color = '#0f766e',
}: {
  label: string;
  message: string;
  color?: string;
}): string {
  const labelWidth = textWidth(label) + PADDING_PX * 2;
  const messageWidth = textWidth(message) + PADDING_PX * 2;
  const width = labelWidth + messageWidth;
  const title = escapeXml(`${label}: ${message}`);
  const safeColor = /^#[0-9a-f]{3,8}$/i.test(color) ? color : '#0f766e';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${title}">
<title>${title}</title>
<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>
<g clip-path="url(#r)"><rect width="${labelWidth}" height="20" fill="#555"/><rect x="${labelWidth}" width="${messageWidth}" height="20" fill="${safeColor}"/><rect width="${width}" height="20" fill="url(#s)"/></g>
<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
<text x="${labelWidth / 2}" y="14">${escapeXml(label)}</text>
<text x="${labelWidth + messageWidth / 2}" y="14">${escapeXml(message)}</text>
</g>
</svg>
`;
}

/**
 * "verified rank 5 of 14": a rank says what it counts. Ranks are among the board's ranked
 * entries (visible, released, non-baseline verified ones), so a reported row or a baseline above
 * it does not make "rank 5" look wrong on the twelfth row; `of` is left out when unknown.
 */
export function verifiedRankText(rank: number, of: number | null): string {
  return of === null ? `verified rank ${rank}` : `verified rank ${rank} of ${of}`;
}
