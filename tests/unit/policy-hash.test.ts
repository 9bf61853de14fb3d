import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { policyContentSha256 } from '@/lib/policies/hash';

describe('policy content hash', () => {
  const content = { title: 'Privacy notice', body: '## What we keep\n\nYour name.\n' };

  it('is the SHA-256 of the canonical JSON of title and body', () => {
    const expected = createHash('sha256').update(JSON.stringify({ body: content.body, title: content.title })).digest('hex');
    expect(policyContentSha256(content)).toBe(expected);
    expect(policyContentSha256(content)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the same whatever else the object carries or in which order its keys come', () => {
    expect(policyContentSha256({ body: content.body, title: content.title })).toBe(policyContentSha256(content));
    expect(policyContentSha256({ ...content, version: 3 } as typeof content)).toBe(policyContentSha256(content));
  });

  it('changes with any change to the title or the body', () => {
    const hash = policyContentSha256(content);
    expect(policyContentSha256({ ...content, title: 'Privacy Notice' })).not.toBe(hash);
    expect(policyContentSha256({ ...content, body: content.body.trimEnd() })).not.toBe(hash);
    // The boundary between title and body is part of the content.
    expect(policyContentSha256({ title: 'ab', body: 'c' })).not.toBe(policyContentSha256({ title: 'a', body: 'bc' }));
  });
});
