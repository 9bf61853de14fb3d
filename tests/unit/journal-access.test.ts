import { describe, expect, it } from 'vitest';
import { saveVerdict, shareRefusal } from '@/lib/journal/access';

describe('saveVerdict', () => {
  const stored = { version: 3, editor: 'tab-a-000000', seq: 5 };

  it('writes a save that names the stored version', () => {
    expect(saveVerdict(stored, { baseVersion: 3, editor: 'tab-b-000000', seq: 1 })).toBe('update');
    expect(saveVerdict(stored, { baseVersion: 3, editor: 'tab-a-000000', seq: 6 })).toBe('update');
  });

  it('refuses a save made on an older version by another editor: the other tab’s words are not overwritten', () => {
    expect(saveVerdict(stored, { baseVersion: 2, editor: 'tab-b-000000', seq: 9 })).toBe('conflict');
    expect(saveVerdict(stored, { baseVersion: 0, editor: 'tab-b-000000', seq: 1 })).toBe('conflict');
  });

  it('lets the same editor write over its own save whose answer was lost', () => {
    expect(saveVerdict(stored, { baseVersion: 2, editor: 'tab-a-000000', seq: 6 })).toBe('update');
  });

  it('drops an older save of the same editor that arrives after a newer one', () => {
    expect(saveVerdict(stored, { baseVersion: 2, editor: 'tab-a-000000', seq: 4 })).toBe('superseded');
    expect(saveVerdict(stored, { baseVersion: 3, editor: 'tab-a-000000', seq: 5 })).toBe('superseded');
  });
});

describe('shareRefusal', () => {
  const client = { id: 'client' };
  const entry = { clientId: 'client', deleted: false };

  it('shares the client’s own entry with one of their current therapists', () => {
    expect(shareRefusal(entry, client, ['t1', 't2'], 't2', null)).toBeNull();
    expect(shareRefusal(entry, client, ['t1'], 't1', 't1')).toBeNull();
  });

  it('refuses another client’s entry, a deleted one, or none as not found', () => {
    expect(shareRefusal({ clientId: 'other', deleted: false }, client, ['t1'], 't1', null)).toBe('not_found');
    expect(shareRefusal({ ...entry, deleted: true }, client, ['t1'], 't1', null)).toBe('not_found');
    expect(shareRefusal(null, client, ['t1'], 't1', null)).toBe('not_found');
  });

  it('refuses someone who is not one of the client’s therapists now', () => {
    expect(shareRefusal(entry, client, ['t1'], 'stranger', null)).toBe('not_your_therapist');
  });

  it('shares with one therapist at a time', () => {
    expect(shareRefusal(entry, client, ['t1', 't2'], 't2', 't1')).toBe('already_shared');
  });
});
