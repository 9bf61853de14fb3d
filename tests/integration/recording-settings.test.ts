import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DatabaseHandle } from '@/db/client';
import { auditEvents, practiceRecordingSettings, practices, users } from '@/db/schema';
import { seedDemo } from '@/db/seed';
import type { Actor } from '@/lib/platform/actor';
import { updateRecordingSettings } from '@/lib/recording/commands';
import type { RecordingTerms } from '@/lib/recording/model';
import { DEFAULT_RECORDING_TERMS, getRecordingSettings } from '@/lib/recording/queries';
import { recordingSettingsSchema } from '@/lib/recording/schemas';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';

const RETENTION_MESSAGE = 'Enter a whole number of days from 1 to 3650.';
const UPLOAD_MESSAGE = 'Enter a whole number of megabytes from 1 to 5000.';
const METHODS_MESSAGE = 'Choose at least one method, or set “Recording allowed” to “Never”.';

const validForm = { allowed: 'on_request', methodClientDevice: 'on', maxRetentionDays: '30', maxUploadMb: '200', requestOpeners: 'client' };

function fieldErrors(form: Record<string, string>) {
  const parsed = recordingSettingsSchema.safeParse(form);
  return parsed.success ? {} : z.flattenError(parsed.error).fieldErrors;
}

describe('recording settings form validation', () => {
  it('reads the form: ticked boxes as true, absent ones as false, numbers as numbers', () => {
    expect(recordingSettingsSchema.parse(validForm)).toEqual({
      allowed: 'on_request',
      methodClientUpload: false,
      methodClientDevice: true,
      methodTherapistRecords: false,
      maxRetentionDays: 30,
      maxUploadMb: 200,
      requestOpeners: 'client',
    });
  });

  it.each(['0', '3651', '30.5', 'ninety', '', '-1'])('refuses a retention of "%s" with a message on that field', (value) => {
    expect(fieldErrors({ ...validForm, maxRetentionDays: value })).toEqual({ maxRetentionDays: [RETENTION_MESSAGE] });
  });

  it.each(['0', '5001', '1e3'])('refuses an upload size of "%s" with a message on that field', (value) => {
    expect(fieldErrors({ ...validForm, maxUploadMb: value })).toEqual({ maxUploadMb: [UPLOAD_MESSAGE] });
  });

  it('accepts the bounds', () => {
    expect(recordingSettingsSchema.parse({ ...validForm, maxRetentionDays: '1', maxUploadMb: '5000' })).toMatchObject({ maxRetentionDays: 1, maxUploadMb: 5000 });
    expect(recordingSettingsSchema.parse({ ...validForm, maxRetentionDays: '3650', maxUploadMb: '1' })).toMatchObject({ maxRetentionDays: 3650, maxUploadMb: 1 });
  });

  it('needs a method when recording is allowed, and none when it is never allowed', () => {
    const noMethods = { ...validForm, methodClientDevice: undefined } as unknown as Record<string, string>;
    expect(fieldErrors({ ...noMethods, allowed: 'yes' })).toEqual({ methods: [METHODS_MESSAGE] });
    expect(fieldErrors({ ...noMethods, allowed: 'on_request' })).toEqual({ methods: [METHODS_MESSAGE] });
    expect(recordingSettingsSchema.safeParse({ ...noMethods, allowed: 'never' }).success).toBe(true);
  });

  it('shows every problem at once, each on its own field', () => {
    expect(fieldErrors({ allowed: 'yes', requestOpeners: 'client', maxRetentionDays: '0', maxUploadMb: '5001' })).toEqual({
      maxRetentionDays: [RETENTION_MESSAGE],
      maxUploadMb: [UPLOAD_MESSAGE],
      methods: [METHODS_MESSAGE],
    });
    expect(fieldErrors({ ...validForm, allowed: 'sometimes', requestOpeners: 'anyone' })).toEqual({
      allowed: ['Choose whether recording is allowed.'],
      requestOpeners: ['Choose who may open a request.'],
    });
  });
});

describe.each(testDatabases)('saving recording settings on $name', (database) => {
  let handle: DatabaseHandle;
  let admin: Actor;
  let harborAdmin: Actor;

  const adminOf = async (email: string): Promise<Actor> => {
    const [row] = await handle.db
      .select({ id: users.id, practiceId: users.practiceId, role: users.role, timeZone: practices.timeZone })
      .from(users)
      .innerJoin(practices, eq(practices.id, users.practiceId))
      .where(eq(users.email, email));
    return row;
  };

  /** What the settings action does with a posted form: parse it once, and save only what parsed. */
  async function submit(terms: RecordingTerms) {
    const form = Object.fromEntries(
      Object.entries(terms).flatMap(([key, value]) => (value === false ? [] : [[key, value === true ? 'on' : String(value)]])),
    );
    const parsed = recordingSettingsSchema.safeParse(form);
    if (!parsed.success) return { status: 'invalid', errors: z.flattenError(parsed.error).fieldErrors };
    return updateRecordingSettings(handle.db, admin, parsed.data, testContext());
  }
  const settingsAudits = () => handle.db.select().from(auditEvents).where(eq(auditEvents.action, 'recording.settings_changed'));
  const demoRows = () => handle.db.select().from(practiceRecordingSettings).where(eq(practiceRecordingSettings.practiceId, admin.practiceId));

  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    await seedDemo(handle.db);
    admin = await adminOf('admin@demo.test');
    harborAdmin = await adminOf('admin@harbor.test');
  });
  afterAll(() => handle?.close());

  it('gives a practice without a row the column defaults', async () => {
    expect(await demoRows()).toEqual([]);
    expect(await getRecordingSettings(handle.db, admin.practiceId)).toEqual(DEFAULT_RECORDING_TERMS);
    // The defaults in code are the database's own: a row inserted with none of its own values reads the same.
    await handle.db.insert(practiceRecordingSettings).values({ practiceId: harborAdmin.practiceId });
    expect(await getRecordingSettings(handle.db, harborAdmin.practiceId)).toEqual(DEFAULT_RECORDING_TERMS);
  });

  it('saves nothing and records nothing for out-of-range numbers', async () => {
    const cases: [Partial<RecordingTerms>, string][] = [
      [{ maxRetentionDays: 0 }, 'maxRetentionDays'],
      [{ maxRetentionDays: 3651 }, 'maxRetentionDays'],
      [{ maxUploadMb: 0 }, 'maxUploadMb'],
      [{ maxUploadMb: 5001 }, 'maxUploadMb'],
    ];
    for (const [change, field] of cases) {
      const result = await submit({ ...DEFAULT_RECORDING_TERMS, allowed: 'yes', ...change });
      expect(result).toEqual({ status: 'invalid', errors: { [field]: [field === 'maxUploadMb' ? UPLOAD_MESSAGE : RETENTION_MESSAGE] } });
    }
    expect(await demoRows()).toEqual([]);
    expect(await settingsAudits()).toHaveLength(0);
  });

  it('refuses allowed recording without any method, saving nothing', async () => {
    const noMethods = { ...DEFAULT_RECORDING_TERMS, methodClientUpload: false, methodClientDevice: false, methodTherapistRecords: false };
    for (const allowed of ['yes', 'on_request'] as const) {
      expect(await submit({ ...noMethods, allowed })).toEqual({
        status: 'invalid',
        errors: { methods: [METHODS_MESSAGE] },
      });
    }
    expect(await demoRows()).toEqual([]);
    expect(await settingsAudits()).toHaveLength(0);
  });

  it('saves valid settings for the admin’s practice only, and audits what changed with the new values', async () => {
    const terms: RecordingTerms = { ...DEFAULT_RECORDING_TERMS, allowed: 'yes', methodTherapistRecords: true, maxRetentionDays: 30, requestOpeners: 'therapist' };
    expect(await updateRecordingSettings(handle.db, admin, terms, testContext())).toEqual({
      status: 'saved',
      changed: ['allowed', 'methodTherapistRecords', 'maxRetentionDays', 'requestOpeners'],
    });
    expect(await getRecordingSettings(handle.db, admin.practiceId)).toEqual(terms);
    const [row] = await demoRows();
    expect(row).toMatchObject({ practiceId: admin.practiceId, updatedById: admin.id });

    const [audit] = await settingsAudits();
    expect(audit).toMatchObject({ practiceId: admin.practiceId, actorId: admin.id, subjectType: 'practice', subjectId: admin.practiceId, outcome: 'success' });
    expect(audit.metadata).toEqual({ allowed: 'yes', methodTherapistRecords: true, maxRetentionDays: 30, requestOpeners: 'therapist' });

    expect(await getRecordingSettings(handle.db, harborAdmin.practiceId)).toEqual(DEFAULT_RECORDING_TERMS);
  });

  it('allows "never" with no methods, updating the existing row and recording only what changed', async () => {
    const before = await getRecordingSettings(handle.db, admin.practiceId);
    expect(await updateRecordingSettings(handle.db, admin, before, testContext())).toEqual({ status: 'unchanged' });
    expect(await settingsAudits()).toHaveLength(1);

    const never: RecordingTerms = { ...before, allowed: 'never', methodClientUpload: false, methodClientDevice: false, methodTherapistRecords: false };
    expect(await updateRecordingSettings(handle.db, admin, never, testContext())).toEqual({
      status: 'saved',
      changed: ['allowed', 'methodClientUpload', 'methodClientDevice', 'methodTherapistRecords'],
    });
    expect(await getRecordingSettings(handle.db, admin.practiceId)).toEqual(never);
    expect(await demoRows()).toHaveLength(1);
    expect((await settingsAudits()).at(-1)!.metadata).toEqual({ allowed: 'never', methodClientUpload: false, methodClientDevice: false, methodTherapistRecords: false });
  });

  it('leaves another practice’s settings alone when its neighbour saves', async () => {
    const harborTerms: RecordingTerms = { ...DEFAULT_RECORDING_TERMS, maxUploadMb: 1000 };
    await updateRecordingSettings(handle.db, harborAdmin, harborTerms, testContext());
    const demoBefore = await getRecordingSettings(handle.db, admin.practiceId);
    await updateRecordingSettings(handle.db, admin, { ...demoBefore, maxUploadMb: 50 }, testContext());
    expect(await getRecordingSettings(handle.db, harborAdmin.practiceId)).toEqual(harborTerms);
    expect(await getRecordingSettings(handle.db, admin.practiceId)).toEqual({ ...demoBefore, maxUploadMb: 50 });
  });

  it('refuses out-of-range numbers in the database itself, for writes that bypass the app', async () => {
    const before = await getRecordingSettings(handle.db, admin.practiceId);
    const where = eq(practiceRecordingSettings.practiceId, admin.practiceId);
    for (const change of [{ maxRetentionDays: 0 }, { maxRetentionDays: 3651 }, { maxUploadMb: 0 }, { maxUploadMb: 5001 }]) {
      await expect(handle.db.update(practiceRecordingSettings).set(change).where(where)).rejects.toThrow();
    }
    expect(await getRecordingSettings(handle.db, admin.practiceId)).toEqual(before);
    const [practice] = await handle.db.insert(practices).values({ name: 'Elsewhere', slug: 'elsewhere' }).returning({ id: practices.id });
    await expect(handle.db.insert(practiceRecordingSettings).values({ practiceId: practice.id, maxUploadMb: 5001 })).rejects.toThrow();
    expect(await getRecordingSettings(handle.db, practice.id)).toEqual(DEFAULT_RECORDING_TERMS);
  });
});
