/**
 * The security headers, in one place: the proxy (HTML pages), next.config.ts (every response)
 * and the custom server (HSTS, which depends on the deployment's APP_URL) read them from here.
 */

/** Browser features no MedRank page uses, switched off for the page and anything it embeds. */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'encrypted-media=()',
  'fullscreen=()',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'publickey-credentials-get=()',
  'screen-wake-lock=()',
  'serial=()',
  'usb=()',
  'xr-spatial-tracking=()',
  'browsing-topics=()',
].join(', ');

/** Two years, subdomains included: only sent when the app is served over https. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains';

/**
 * The policy for HTML pages. Scripts run only with this response's nonce, and scripts they load
 * inherit trust ('strict-dynamic'): Next puts the nonce on its own scripts when it finds this
 * header on the request, so an injected <script> or inline handler never runs. Styles allow
 * inline because React renders `style` attributes (progress bars, chart heights) and recharts
 * sets inline styles, and nonces cannot cover attributes; CSS cannot run code. Development
 * needs 'unsafe-eval' for React's error overlays.
 */
export function htmlContentSecurityPolicy({
  nonce,
  isDevelopment,
}: {
  nonce: string;
  isDevelopment: boolean;
}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDevelopment ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * API responses (JSON, CSV, SVG badges) load nothing and run nothing; inline styles stay
 * allowed so a badge opened on its own still renders.
 */
export const API_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** A fresh nonce per response: 128 random bits, base64. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}
