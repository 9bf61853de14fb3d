import { describe, expect, it } from 'vitest';
import { changeTermsSchema, declineSchema, messageSchema, openRequestSchema, signSchema } from '@/lib/consent/schemas';
import { MESSAGE_MAX } from '@/lib/consent/model';

const FORM = {
  therapistId: '6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f',
  purpose_self_reflection: 'on',
  purpose_memory_aid: 'on',
  otherPurpose: '',
  sessionsKind: 'all_from_date',
  sessionsFrom: '2026-03-02',
  method: 'client_upload',
  listeners: 'client_only',
  retentionDays: '90',
  onWithdrawal: 'delete_within_days',
  onWithdrawalDays: '7',
};

describe('consent form schemas', () => {
  it('turns the terms form into terms: checkbox sets, storage from the method, the fixed safeguards', () => {
    const parsed = openRequestSchema.parse(FORM);
    expect(parsed.therapistId).toBe(FORM.therapistId);
    expect(parsed.terms).toEqual({
      purposes: ['self_reflection', 'memory_aid'],
      otherPurpose: null,
      sessions: { kind: 'all_from_date', from: '2026-03-02' },
      method: 'client_upload',
      storage: 'hearth_vault',
      listeners: 'client_only',
      transcriptionAllowed: false,
      sharingNeedsNewAgreement: true,
      retentionDays: 90,
      onWithdrawal: { action: 'delete_within_days', days: 7 },
      neutralFileLabels: true,
    });
    const device = openRequestSchema.parse({ ...FORM, method: 'client_device', transcriptionAllowed: 'on', onWithdrawal: 'keep_until_retention' });
    expect(device.terms).toMatchObject({ storage: 'client_device', transcriptionAllowed: true, onWithdrawal: { action: 'keep_until_retention' } });
  });

  it('names the field of each problem', () => {
    const result = changeTermsSchema.safeParse({ ...FORM, requestId: FORM.therapistId, baseVersion: '1', sessionsKind: 'next_n', sessionsCount: '0', onWithdrawalDays: 'x' });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(Object.keys(result.error.flatten().fieldErrors).sort()).toEqual(['onWithdrawalDays', 'sessionsCount']);
    const chosen = openRequestSchema.safeParse({ ...FORM, sessionsKind: 'chosen', 'appointment_not-a-uuid': 'on' });
    expect(chosen.success).toBe(false);
  });

  it('keeps messages as typed and counts characters, not code units', () => {
    expect(messageSchema.parse({ requestId: FORM.therapistId, body: '  <b>hi</b>  ' }).body).toBe('  <b>hi</b>  ');
    expect(messageSchema.safeParse({ requestId: FORM.therapistId, body: '🙂'.repeat(MESSAGE_MAX) }).success).toBe(true);
    expect(messageSchema.safeParse({ requestId: FORM.therapistId, body: 'a'.repeat(MESSAGE_MAX + 1) }).success).toBe(false);
    expect(messageSchema.safeParse({ requestId: FORM.therapistId, body: '   ' }).success).toBe(false);
  });

  it('reads the alternatives chosen on decline, and the sign form', () => {
    expect(declineSchema.parse({ requestId: FORM.therapistId, alternative_journaling: 'on', alternative_own_notes: 'false' }).alternatives).toEqual(['journaling']);
    expect(signSchema.parse({ requestId: FORM.therapistId, termsSha256: 'a'.repeat(64), fullName: ' Ana ', password: 'x', totpCode: '' })).toEqual({
      requestId: FORM.therapistId,
      termsSha256: 'a'.repeat(64),
      fullName: 'Ana',
      password: 'x',
      totpCode: null,
    });
  });
});
