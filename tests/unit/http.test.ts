import { DrizzleQueryError } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientIpFrom } from '@/lib/platform/http';
import { logError } from '@/lib/platform/log';

describe('clientIpFrom', () => {
  it('with one trusted proxy, takes the right-most X-Forwarded-For hop, the one our own proxy added', () => {
    expect(clientIpFrom('203.0.113.9', 1)).toBe('203.0.113.9');
    expect(clientIpFrom('1.2.3.4, 198.51.100.7', 1)).toBe('198.51.100.7');
    // A client-supplied first entry cannot choose the address.
    expect(clientIpFrom('6.6.6.6, 10.0.0.1,198.51.100.7', 1)).toBe('198.51.100.7');
  });

  it('ignores empty hops and whitespace', () => {
    expect(clientIpFrom(' 1.2.3.4 ,  198.51.100.7 , ', 1)).toBe('198.51.100.7');
    expect(clientIpFrom(' , ', 1)).toBe('unknown');
  });

  it('with no header, or no trusted proxy, the address is unknown: never one the client chose', () => {
    expect(clientIpFrom(null, 1)).toBe('unknown');
    expect(clientIpFrom('', 1)).toBe('unknown');
    expect(clientIpFrom('203.0.113.9', 0)).toBe('unknown');
    expect(clientIpFrom(null, 0)).toBe('unknown');
  });
});

describe('logError', () => {
  afterEach(() => vi.restoreAllMocks());

  it('logs the error type and a reference, never the message', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
    const error = Object.assign(new Error('duplicate key: jordan.lee@example.com'), { code: '23505' });
    const reference = logError('invite', error);
    expect(reference).toMatch(/^[0-9a-f]{8}$/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`ref=${reference}`);
    expect(lines[0]).toContain('code=23505');
    expect(lines[0]).not.toContain('jordan.lee');
  });

  it('keeps the parameters of a failed query out of the log, whatever the message layout', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_email_unique"'), { code: '23505' });
    const error = new DrizzleQueryError(
      'insert into "users" ("email", "name")\nvalues ($1, $2)',
      ['jordan.lee@example.com', 'Jordan Lee'],
      cause,
    );
    expect(error.stack).toContain('jordan.lee@example.com');
    logError('accept invitation', error);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('jordan.lee');
    expect(lines[0]).not.toContain('Jordan Lee');
    expect(lines[0]).not.toContain('values (');
    expect(lines[0]).toContain('code=23505');
    expect(lines[0]).toMatch(/\n\s+at /);
  });
});
