import { NextResponse, type NextRequest } from 'next/server';
import { isDevelopment } from './security/env';
import { createNonce, htmlContentSecurityPolicy } from './security/headers';

/**
 * A nonce-based Content-Security-Policy for every HTML page. Next reads the policy from the
 * request headers and puts the nonce on its scripts, so pages render per request (the root
 * layout awaits `connection()`). API routes are not matched: they get their own static policy
 * from next.config.ts, and upload routes must never pass through the proxy, which would cut
 * request bodies at 10 MB.
 */
export function proxy(request: NextRequest) {
  const policy = htmlContentSecurityPolicy({
    nonce: createNonce(),
    isDevelopment: isDevelopment(),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Everything but API routes (uploads among them), build assets and the favicon.
      source: '/((?!api/|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
