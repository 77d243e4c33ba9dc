/** An origin no request can have, to resolve a target against without trusting its host. */
const SENTINEL_ORIGIN = 'https://medrank.invalid';

/**
 * A redirect target taken from input (`?next=`), reduced to a path, query and fragment on our
 * own origin; anything else gives `fallback`. Parsed with the URL API rather than prefix checks,
 * because browsers read `/\evil.example` as `//evil.example` and drop tabs and newlines inside
 * URLs (`/\t/evil.example` is `//evil.example` too).
 */
export function safeRedirectPath(target: string | null | undefined, fallback = '/'): string {
  if (!target || !target.startsWith('/')) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
  if (/[\u0000-\u001f\u007f]/.test(target)) return fallback;
  let url: URL;
  try {
    url = new URL(target, SENTINEL_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== SENTINEL_ORIGIN) return fallback;
  // `/..//evil.example` resolves to the path `//evil.example`: same origin here, but a
  // protocol-relative URL to any browser that is handed it.
  if (url.pathname.startsWith('//')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
