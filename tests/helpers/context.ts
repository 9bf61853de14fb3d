import type { RequestContext } from '@/lib/platform/http';

let counter = 0;

/** A distinct client address per call, so throttling in one test never leaks into another. */
export function testContext(ip?: string): RequestContext {
  counter += 1;
  return { ip: ip ?? `10.9.${Math.floor(counter / 250)}.${counter % 250}`, userAgent: 'vitest' };
}
