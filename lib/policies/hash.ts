import { createHash } from 'node:crypto';

/**
 * SHA-256 (hex) over the canonical JSON of a policy's content: the keys in a fixed order and
 * nothing else, so the same title and body always give the same hash, whoever computes it.
 */
export function policyContentSha256(content: { title: string; body: string }): string {
  const canonical = JSON.stringify({ body: content.body, title: content.title });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
