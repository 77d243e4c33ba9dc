/**
 * bull-board's page, made to run under the site's nonce-based Content-Security-Policy instead
 * of a weaker one: its script tags get this response's nonce (the scripts they load are trusted
 * through 'strict-dynamic'), and its one third-party resource — a Google Fonts stylesheet, which
 * `style-src 'self'` refuses — is dropped, so the page falls back to system fonts. Pure
 * (dashboard-html.test.ts).
 */
export function dashboardHtml(html: string, nonce: string): string {
  if (!/^[A-Za-z0-9+/=]+$/.test(nonce)) throw new Error('a CSP nonce is base64');
  return html
    .replace(/<link\b[^>]*\bhref="(?:https?:)?\/\/[^"]*"[^>]*>/gi, '')
    .replace(/<script\b/gi, `<script nonce="${nonce}"`);
}

/** The nonce of a policy the proxy set on the request, if any. */
export function nonceOfPolicy(policy: string | null): string | null {
  return policy?.match(/'nonce-([A-Za-z0-9+/=]+)'/)?.[1] ?? null;
}
