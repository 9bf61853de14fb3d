import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DatabaseHandle } from '@/db/client';
import { auditEvents, practices, users } from '@/db/schema';
import { seedDemo } from '@/db/seed';
import { consumeHandoff, createSession, validateSession } from '@/lib/auth/commands/sessions';
import type { Actor } from '@/lib/platform/actor';
import { updatePracticeSettings } from '@/lib/practice/commands';
import { getPracticeSettings } from '@/lib/practice/queries';
import { practiceSettingsSchema, type PracticeSettings } from '@/lib/practice/schemas';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';

const validForm = { name: 'Willow Grove Counselling', timeZone: 'America/New_York', idleTimeoutMinutes: '15' };

function fieldErrors(form: Record<string, string>) {
  const parsed = practiceSettingsSchema.safeParse(form);
  return parsed.success ? {} : z.flattenError(parsed.error).fieldErrors;
}

describe('practice settings form validation', () => {
  it.each(['4', '121', '0', '15.5', 'ten', '', '-10', '1e1'])('refuses an idle timeout of "%s" with a message on that field', (value) => {
    const errors = fieldErrors({ ...validForm, idleTimeoutMinutes: value });
    expect(Object.keys(errors)).toEqual(['idleTimeoutMinutes']);
    expect(errors.idleTimeoutMinutes).toEqual(['Enter a whole number of minutes from 5 to 120.']);
  });

  it('accepts the bounds and reads an unticked box as off', () => {
    expect(practiceSettingsSchema.parse({ ...validForm, idleTimeoutMinutes: '5' })).toEqual({ ...validForm, idleTimeoutMinutes: 5, requireStaffMfa: false });
    expect(practiceSettingsSchema.parse({ ...validForm, idleTimeoutMinutes: ' 120 ', requireStaffMfa: 'on' })).toMatchObject({ idleTimeoutMinutes: 120, requireStaffMfa: true });
  });

  it('refuses a blank or over-long name and an unknown time zone', () => {
    expect(fieldErrors({ ...validForm, name: '   ' }).name).toEqual(['Enter the practice name.']);
    expect(fieldErrors({ ...validForm, name: 'x'.repeat(121) }).name).toEqual(['Keep the practice name to 120 characters or fewer.']);
    expect(practiceSettingsSchema.safeParse({ ...validForm, name: 'x'.repeat(120) }).success).toBe(true);
    expect(fieldErrors({ ...validForm, timeZone: 'Mars/Olympus_Mons' }).timeZone).toEqual(['Choose a time zone from the list.']);
    expect(practiceSettingsSchema.safeParse({ ...validForm, timeZone: 'UTC' }).success).toBe(true);
  });
});

describe.each(testDatabases)('saving practice settings on $name', (database) => {
  let handle: DatabaseHandle;
  let admin: Actor;
  let harborId: string;

  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    await seedDemo(handle.db);
    const [row] = await handle.db
      .select({ id: users.id, practiceId: users.practiceId, role: users.role, timeZone: practices.timeZone })
      .from(users)
      .innerJoin(practices, eq(practices.id, users.practiceId))
      .where(eq(users.email, 'admin@demo.test'));
    admin = row;
    [{ id: harborId }] = await handle.db.select({ id: practices.id }).from(practices).where(eq(practices.slug, 'harbor'));
  });
  afterAll(() => handle?.close());

  const settingsAudits = () => handle.db.select().from(auditEvents).where(eq(auditEvents.action, 'practice.settings_changed'));

  /** What the settings action does with a posted form: parse it once, and save only what parsed. */
  async function submit(form: Record<string, string | undefined>) {
    const parsed = practiceSettingsSchema.safeParse(form);
    if (!parsed.success) return { status: 'invalid', errors: z.flattenError(parsed.error).fieldErrors };
    return updatePracticeSettings(handle.db, admin, parsed.data, testContext());
  }
  const formOf = (settings: PracticeSettings) => ({
    ...settings,
    idleTimeoutMinutes: String(settings.idleTimeoutMinutes),
    requireStaffMfa: settings.requireStaffMfa ? 'on' : undefined,
  });

  it('saves nothing and records nothing when the idle timeout is out of range', async () => {
    const before = await getPracticeSettings(handle.db, admin.practiceId);
    for (const idleTimeoutMinutes of [4, 121, 30.5]) {
      const result = await submit({ ...formOf(before), name: 'Renamed', idleTimeoutMinutes: String(idleTimeoutMinutes) });
      expect(result).toEqual({ status: 'invalid', errors: { idleTimeoutMinutes: ['Enter a whole number of minutes from 5 to 120.'] } });
    }
    expect(await getPracticeSettings(handle.db, admin.practiceId)).toEqual(before);
    expect(await settingsAudits()).toHaveLength(0);
  });

  it('saves valid settings and audits which changed, without the new name', async () => {
    // The seeded location is sent back unchanged, as the form does.
    const input = practiceSettingsSchema.parse({
      name: 'Willow Grove Family Counselling',
      timeZone: 'Europe/Paris',
      idleTimeoutMinutes: '30',
      requireStaffMfa: 'on',
      country: 'US',
      region: 'US-NY',
    });
    const result = await updatePracticeSettings(handle.db, admin, input, testContext());
    expect(result).toEqual({ status: 'saved', changed: ['name', 'timeZone', 'idleTimeoutMinutes', 'requireStaffMfa'] });
    expect(await getPracticeSettings(handle.db, admin.practiceId)).toEqual(input);

    const [audit] = await settingsAudits();
    expect(audit).toMatchObject({ practiceId: admin.practiceId, actorId: admin.id, subjectType: 'practice', subjectId: admin.practiceId });
    expect(audit.metadata).toEqual({ name: 'changed', timeZone: 'Europe/Paris', idleTimeoutMinutes: 30, requireStaffMfa: true });
    expect(JSON.stringify(audit.metadata)).not.toContain('Family');

    const harbor = await getPracticeSettings(handle.db, harborId);
    expect(harbor).toMatchObject({ name: 'Harbor Light Therapy', timeZone: 'Europe/Dublin', idleTimeoutMinutes: 15 });
  });

  it('records only the settings that changed, and nothing when none did', async () => {
    const current = await getPracticeSettings(handle.db, admin.practiceId);
    expect(await updatePracticeSettings(handle.db, admin, current, testContext())).toEqual({ status: 'unchanged' });
    expect(await settingsAudits()).toHaveLength(1);

    expect(await updatePracticeSettings(handle.db, admin, { ...current, idleTimeoutMinutes: 5 }, testContext())).toEqual({ status: 'saved', changed: ['idleTimeoutMinutes'] });
    const audits = await settingsAudits();
    expect(audits.at(-1)!.metadata).toEqual({ idleTimeoutMinutes: 5 });
  });

  it('applies a shorter idle timeout to existing sessions on their next request', async () => {
    const start = new Date();
    const { ticket } = await createSession(handle.db, admin.id, testContext(), start);
    const sessionId = (await consumeHandoff(handle.db, ticket))!;
    // The timeout is now 5 minutes: 4 minutes idle passes, 6 does not.
    expect(await validateSession(handle.db, sessionId, new Date(start.getTime() + 4 * 60_000))).not.toBeNull();
    expect(await validateSession(handle.db, sessionId, new Date(start.getTime() + 4 * 60_000 + 6 * 60_000))).toBeNull();
  });

  it('refuses an out-of-range idle timeout in the database itself, for writes that bypass the app', async () => {
    await expect(handle.db.update(practices).set({ idleTimeoutMinutes: 121 }).where(eq(practices.id, admin.practiceId))).rejects.toThrow();
    const current = await getPracticeSettings(handle.db, admin.practiceId);
    expect(current.idleTimeoutMinutes).toBe(5);
  });
});
