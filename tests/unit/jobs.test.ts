import { describe, expect, it } from 'vitest';
import { PAYLOAD_KEPT_AFTER_DONE } from '@/lib/platform/jobs/catalogue';
import { describeFailure, JobError, retryDelayMs } from '@/lib/platform/jobs/queue';

describe('retryDelayMs', () => {
  it('doubles from ten seconds and stops at an hour', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(retryDelayMs(0)).toBe(10_000);
    expect(retryDelayMs(10)).toBe(60 * 60 * 1000);
    expect(retryDelayMs(1000)).toBe(60 * 60 * 1000);
  });
});

describe('describeFailure', () => {
  const secret = 'jane.doe@example.test: panic attacks';

  it('keeps the error class and its codes, never its message', () => {
    expect(describeFailure(new Error(secret))).toBe('Error');
    expect(describeFailure(Object.assign(new Error(secret), { code: 'ECONNREFUSED' }))).toBe('Error (ECONNREFUSED)');
    expect(describeFailure(Object.assign(new Error(secret), { code: 'EENVELOPE', responseCode: 451 }))).toBe('Error (EENVELOPE 451)');
    expect(describeFailure(new TypeError(secret))).toBe('TypeError');
  });

  it('drops a code or class name that is not an identifier, since it could carry data', () => {
    expect(describeFailure(Object.assign(new Error('x'), { code: secret }))).toBe('Error');
    expect(describeFailure(Object.assign(new Error('x'), { code: { address: secret } }))).toBe('Error');
    expect(describeFailure(Object.assign(new Error('x'), { name: secret }))).toBe('Error');
  });

  it('describes what was thrown when it is not an error', () => {
    expect(describeFailure(secret)).toBe('string');
    expect(describeFailure(null)).toBe('object');
    expect(describeFailure(undefined)).toBe('undefined');
  });

  it('keeps a JobError’s message, which code wrote for the admin', () => {
    expect(describeFailure(new JobError('No handler for this kind of job'))).toBe('No handler for this kind of job');
  });
});

describe('payload kept after a job is done', () => {
  it('keeps only the message id of a mail delivery: the sealed body goes', () => {
    expect(PAYLOAD_KEPT_AFTER_DONE['mail.deliver']).toEqual(['messageId']);
    expect(PAYLOAD_KEPT_AFTER_DONE['auth.password_reset_request']).toEqual([]);
  });
});
