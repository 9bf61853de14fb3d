import { headers } from 'next/headers';

/** Who is calling, for audit rows and throttling. Never contains PHI. */
export interface RequestContext {
  ip: string;
  userAgent: string | null;
}

export const SYSTEM_CONTEXT: RequestContext = { ip: 'system', userAgent: null };

/**
 * The client address is the right-most X-Forwarded-For entry: the one added by the proxy
 * closest to us. Earlier entries are client-supplied and spoofable. Next's server fills the
 * header from the socket only when it is absent, so without a proxy in front that appends to
 * (or overwrites) X-Forwarded-For, a client can choose this value: production must run behind one.
 */
export function clientIpFrom(forwardedFor: string | null, realIp: string | null): string {
  const hops = (forwardedFor ?? '').split(',').map((hop) => hop.trim()).filter(Boolean);
  return hops.at(-1) ?? realIp ?? 'unknown';
}

export async function getRequestContext(): Promise<RequestContext> {
  const h = await headers();
  return {
    ip: clientIpFrom(h.get('x-forwarded-for'), h.get('x-real-ip')),
    userAgent: h.get('user-agent')?.slice(0, 300) ?? null,
  };
}
