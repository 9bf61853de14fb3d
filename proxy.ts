import { NextResponse, type NextRequest } from 'next/server';

/**
 * Runs before every page: gives the response a per-request CSP nonce and tells pages their own
 * path (for the sign-in "next" link). It makes no access decisions: every page and action
 * checks the session itself (lib/auth/current-user.ts).
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const csp = contentSecurityPolicy(nonce);

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  requestHeaders.set('x-hearth-path', request.nextUrl.pathname + request.nextUrl.search);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', csp);
  return response;
}

function contentSecurityPolicy(nonce: string) {
  const dev = process.env.NODE_ENV !== 'production';
  return [
    "default-src 'self'",
    // React's development build needs eval for its debugging aids; production does not.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // No inline styles: Hearth's CSS is served as files, and Next.js sets the few styles it needs through the CSSOM, which CSP allows.
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const config = {
  // Static assets need no nonce; everything rendered does. File uploads and content stay out: the proxy would buffer
  // (and past its limit silently cut) request bodies, and those routes set their own headers.
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|static/|api/files/).*)' }],
};
