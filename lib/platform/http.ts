import { isIP } from 'node:net';
import { headers } from 'next/headers';
import { env } from './config';

/** Who is calling, for audit rows and throttling. Never contains PHI. */
export interface RequestContext {
  ip: string;
  userAgent: string | null;
}

export const SYSTEM_CONTEXT: RequestContext = { ip: 'system', userAgent: null };

/** Recorded when no trusted proxy vouches for the client's address. */
export const UNKNOWN_ADDRESS = 'unknown';

/**
 * The client address, as our own proxies saw it. Each trusted proxy appends the address it was
 * connected from to X-Forwarded-For, so with `trustedHops` proxies the client is the entry that
 * many places from the right; anything further left came from the client and is ignored.
 *
 * Next.js itself never appends: it writes the socket address into the header only when the
 * request has none, and exposes the socket nowhere else to pages, actions or proxy.ts. So with
 * no trusted proxy (0 hops) a present header may be the client's own invention, and nothing
 * tells the two apart: the address is then unknown rather than invented. A list shorter than the
 * hop count did not come through the proxies, and a malformed entry is not an address: both
 * are unknown too.
 */
export function clientIpFrom(forwardedFor: string | null, trustedHops: number): string {
  if (trustedHops < 1) return UNKNOWN_ADDRESS;
  const hops = (forwardedFor ?? '').split(',').map((hop) => hop.trim()).filter(Boolean);
  const address = hops.length >= trustedHops ? hops[hops.length - trustedHops] : undefined;
  return address && isIP(address) ? address : UNKNOWN_ADDRESS;
}

export async function getRequestContext(): Promise<RequestContext> {
  const h = await headers();
  return {
    ip: clientIpFrom(h.get('x-forwarded-for'), env.trustedProxyHops),
    userAgent: h.get('user-agent')?.slice(0, 300) ?? null,
  };
}
