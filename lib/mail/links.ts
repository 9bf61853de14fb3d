import 'server-only';
import { headers } from 'next/headers';
import { env } from '../config/env';

/**
 * The origin links in e-mail point at: APP_URL or AUTH_URL when configured, else the address
 * this request came to. Request headers are only trusted where Auth.js trusts them too (outside
 * production, or with AUTH_TRUST_HOST behind a proxy that sets them), so set APP_URL in production.
 */
export async function appBaseUrl(): Promise<string> {
  if (env.appUrl) return env.appUrl;
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost:3000';
  const proto = h.get('x-forwarded-proto')?.split(',')[0].trim() || 'http';
  return new URL(`${proto}://${host}`).origin;
}
