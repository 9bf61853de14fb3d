import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { DatabaseHandle } from '@/db/client';
import { auditEvents, jobs, outboxMessages, practices, users, type Role } from '@/db/schema';
import { seedDemo } from '@/db/seed';
import { verifyAllChains } from '@/lib/platform/audit/verify';
import { can } from '@/lib/auth/permissions';
import { acceptInvitation, createInvitation } from '@/lib/invitations/commands';
import { CLIENTS_ONLY_LOCATION_MESSAGE } from '@/lib/invitations/model';
import { acceptInvitationSchema } from '@/lib/invitations/schemas';
import { setOwnLocation } from '@/lib/jurisdictions/commands';
import { getUserLocation } from '@/lib/jurisdictions/queries';
import { LOCATION_MESSAGES, type LocationInput } from '@/lib/jurisdictions/regions';
import { locationSchema } from '@/lib/jurisdictions/schemas';
import type { Actor } from '@/lib/platform/actor';
import { open } from '@/lib/platform/crypto/secretbox';
import { updatePracticeSettings } from '@/lib/practice/commands';
import { getPracticeSettings } from '@/lib/practice/queries';
import { practiceSettingsSchema, type PracticeSettings } from '@/lib/practice/schemas';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';

const settingsForm = { name: 'Willow Grove Counselling', timeZone: 'America/New_York', idleTimeoutMinutes: '15' };

describe('who may set a location', () => {
  it('lets clients set their own, and no one else', () => {
    expect(can('client', 'location:set-own')).toBe(true);
    expect(can('therapist', 'location:set-own')).toBe(false);
    expect(can('admin', 'location:set-own')).toBe(false);
  });
});

describe('the practice location in the settings form', () => {
  const errorsOf = (form: Record<string, string>) => {
    const parsed = practiceSettingsSchema.safeParse(form);
    return parsed.success ? {} : z.flattenError(parsed.error).fieldErrors;
  };

  it('may be left unset, and reads empty selects as unset', () => {
    const location = (form: Record<string, string>) => {
      const { country, region } = practiceSettingsSchema.parse({ ...settingsForm, ...form });
      return [country, region];
    };
    expect(location({ country: '', region: '' })).toEqual([undefined, undefined]);
    expect(location({})).toEqual([undefined, undefined]);
    expect(location({ country: 'CA' })).toEqual(['CA', undefined]);
  });

  it('refuses an unknown country, a missing or foreign region, and a region without a country, next to the field', () => {
    expect(errorsOf({ ...settingsForm, country: 'XX' })).toEqual({ country: [LOCATION_MESSAGES.country] });
    expect(errorsOf({ ...settingsForm, country: 'AU', region: '' })).toEqual({ region: [LOCATION_MESSAGES.region] });
    expect(errorsOf({ ...settingsForm, country: 'AU', region: 'US-CA' })).toEqual({ region: [LOCATION_MESSAGES.regionOfCountry] });
    expect(errorsOf({ ...settingsForm, region: 'US-CA' })).toEqual({ region: [LOCATION_MESSAGES.countryFirst] });
  });
});

describe.each(testDatabases)('locations on $name', (database) => {
  let handle: DatabaseHandle;
  let client: Actor;
  let admin: Actor;

  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    await seedDemo(handle.db);
    const person = async (email: string): Promise<Actor> =>
      (
        await handle.db
          .select({ id: users.id, practiceId: users.practiceId, role: users.role, timeZone: practices.timeZone })
          .from(users)
          .innerJoin(practices, eq(practices.id, users.practiceId))
          .where(eq(users.email, email))
      )[0];
    client = await person('client@demo.test');
    admin = await person('admin@demo.test');
  });
  afterAll(() => handle?.close());

  const auditsOf = (action: string) => handle.db.select().from(auditEvents).where(eq(auditEvents.action, action));

  // What the location and settings actions do with a posted form: parse it once, and save only what parsed.
  async function submitLocation(location: LocationInput) {
    const parsed = locationSchema.safeParse({ country: location.country ?? undefined, region: location.region ?? undefined });
    if (!parsed.success) return { status: 'invalid', errors: z.flattenError(parsed.error).fieldErrors };
    return setOwnLocation(handle.db, client, parsed.data, testContext());
  }
  async function submitSettings(settings: PracticeSettings) {
    const form = { ...settings, idleTimeoutMinutes: String(settings.idleTimeoutMinutes), requireStaffMfa: settings.requireStaffMfa ? 'on' : undefined };
    const parsed = practiceSettingsSchema.safeParse(form);
    if (!parsed.success) return { status: 'invalid', errors: z.flattenError(parsed.error).fieldErrors };
    return updatePracticeSettings(handle.db, admin, parsed.data, testContext());
  }

  describe('a client’s own location', () => {
    it.each([
      [{ country: 'ZZ', region: null }, { country: [LOCATION_MESSAGES.country] }],
      [{ country: '', region: null }, { country: [LOCATION_MESSAGES.country] }],
      [{ country: 'US', region: null }, { region: [LOCATION_MESSAGES.region] }],
      [{ country: 'US', region: 'US-XX' }, { region: [LOCATION_MESSAGES.regionOfCountry] }],
      [{ country: 'US', region: 'CA-ON' }, { region: [LOCATION_MESSAGES.regionOfCountry] }],
      [{ country: 'AU', region: 'US-CA' }, { region: [LOCATION_MESSAGES.regionOfCountry] }],
      [{ country: 'IE', region: 'US-CA' }, { region: [LOCATION_MESSAGES.noRegions] }],
    ])('refuses %o with a message on the field, saving and recording nothing', async (input, errors) => {
      expect(await submitLocation(input)).toEqual({ status: 'invalid', errors });
      expect(await getUserLocation(handle.db, client.id)).toEqual({ country: null, region: null });
      expect(await auditsOf('user.location_changed')).toHaveLength(0);
    });

    it('saves a valid location and audits only its codes, in the client’s practice chain', async () => {
      expect(await setOwnLocation(handle.db, client, { country: 'US', region: 'US-OR' }, testContext())).toEqual({ status: 'saved' });
      expect(await getUserLocation(handle.db, client.id)).toEqual({ country: 'US', region: 'US-OR' });
      const [audit] = await auditsOf('user.location_changed');
      expect(audit).toMatchObject({ practiceId: client.practiceId, actorId: client.id, subjectType: 'user', subjectId: client.id, outcome: 'success' });
      expect(audit.metadata).toEqual({ country: 'US', region: 'US-OR' });
      // Nobody else's location moved.
      expect(await getUserLocation(handle.db, admin.id)).toEqual({ country: null, region: null });
    });

    it('records nothing when the location is unchanged, and clears the region on moving to a country without regions', async () => {
      expect(await setOwnLocation(handle.db, client, { country: 'US', region: 'US-OR' }, testContext())).toEqual({ status: 'unchanged' });
      expect(await auditsOf('user.location_changed')).toHaveLength(1);

      expect(await setOwnLocation(handle.db, client, { country: 'GB', region: null }, testContext())).toEqual({ status: 'saved' });
      expect(await getUserLocation(handle.db, client.id)).toEqual({ country: 'GB', region: null });
      const audits = await auditsOf('user.location_changed');
      expect(audits.map((audit) => audit.metadata)).toEqual([
        { country: 'US', region: 'US-OR' },
        { country: 'GB', region: null },
      ]);
      expect((await verifyAllChains(handle.db)).every((report) => report.verdict.ok)).toBe(true);
    });
  });

  describe('the practice location', () => {
    const settingsAudits = () =>
      handle.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'practice.settings_changed'), eq(auditEvents.practiceId, admin.practiceId)));

    it('starts where the demo seed puts it', async () => {
      expect(await getPracticeSettings(handle.db, admin.practiceId)).toMatchObject({ country: 'US', region: 'US-NY' });
    });

    it('refuses a missing or foreign region and saves nothing else with it', async () => {
      const before = await getPracticeSettings(handle.db, admin.practiceId);
      for (const [region, message] of [
        [undefined, LOCATION_MESSAGES.region],
        ['AU-NSW', LOCATION_MESSAGES.regionOfCountry],
      ] as const) {
        const result = await submitSettings({ ...before, name: 'Renamed', country: 'US', region });
        expect(result).toEqual({ status: 'invalid', errors: { region: [message] } });
      }
      expect(await getPracticeSettings(handle.db, admin.practiceId)).toEqual(before);
      expect(await settingsAudits()).toHaveLength(0);
    });

    it('saves with the other settings and audits the codes in the same entry', async () => {
      const before = await getPracticeSettings(handle.db, admin.practiceId);
      const input = practiceSettingsSchema.parse({ ...settingsForm, name: before.name, timeZone: before.timeZone, idleTimeoutMinutes: '20', country: 'AU', region: 'AU-VIC' });
      expect(await updatePracticeSettings(handle.db, admin, input, testContext())).toEqual({ status: 'saved', changed: ['idleTimeoutMinutes', 'country', 'region'] });
      expect(await getPracticeSettings(handle.db, admin.practiceId)).toMatchObject({ country: 'AU', region: 'AU-VIC', idleTimeoutMinutes: 20 });
      const [audit] = await settingsAudits();
      expect(audit.metadata).toEqual({ idleTimeoutMinutes: 20, country: 'AU', region: 'AU-VIC' });
    });

    it('can be unset again, which the audit records as null', async () => {
      const current = await getPracticeSettings(handle.db, admin.practiceId);
      expect(await updatePracticeSettings(handle.db, admin, current, testContext())).toEqual({ status: 'unchanged' });
      const result = await updatePracticeSettings(handle.db, admin, { ...current, country: undefined, region: undefined }, testContext());
      expect(result).toEqual({ status: 'saved', changed: ['country', 'region'] });
      expect(await getPracticeSettings(handle.db, admin.practiceId)).toMatchObject({ country: undefined, region: undefined });
      expect((await settingsAudits()).at(-1)!.metadata).toEqual({ country: null, region: null });
    });
  });

  describe('a location given when accepting an invitation', () => {
    const BASE_URL = 'https://portal.example.org';
    const PASSWORD = 'lantern orchard pebble';
    // Links in mail start with the configured public address.
    beforeEach(() => vi.stubEnv('APP_URL', BASE_URL));

    /** Invites the address and reads the link from the queued mail, as the delivery job would. */
    async function invitationFor(email: string, role: Role) {
      await createInvitation(handle.db, admin, { email, role }, testContext());
      const [mail] = await handle.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, email));
      const [delivery] = await handle.db.select().from(jobs).where(eq(jobs.key, `mail:${mail.id}`));
      return new RegExp(`${BASE_URL}/invite/([A-Za-z0-9_-]+)`).exec(open(String(delivery.payload.sealedBody)))![1];
    }
    const account = async (email: string) => (await handle.db.select().from(users).where(eq(users.email, email)))[0];

    it('refuses a client’s invalid location and creates no account, leaving the link usable', async () => {
      const token = await invitationFor('somewhere@example.test', 'client');
      // The acceptance form's schema checks the place, so the action never reaches acceptInvitation.
      const refused = acceptInvitationSchema.safeParse({ token, name: 'Sky Doe', password: PASSWORD, confirmPassword: PASSWORD, country: 'AU' });
      expect(refused.success ? {} : z.flattenError(refused.error).fieldErrors).toEqual({ region: [LOCATION_MESSAGES.region] });
      expect(await account('somewhere@example.test')).toBeUndefined();

      const accepted = await acceptInvitation(handle.db, { token, name: 'Sky Doe', password: PASSWORD, country: 'AU', region: 'AU-QLD' }, testContext());
      expect(accepted.status).toBe('accepted');
      const created = await account('somewhere@example.test');
      expect(created).toMatchObject({ country: 'AU', region: 'AU-QLD' });
      const [audit] = (await auditsOf('user.location_changed')).filter((row) => row.subjectId === created.id);
      expect(audit).toMatchObject({ actorId: created.id, subjectType: 'user', metadata: { country: 'AU', region: 'AU-QLD' } });
    });

    it('leaves the location unset when none is given, and records no location change', async () => {
      const token = await invitationFor('nowhere@example.test', 'client');
      expect((await acceptInvitation(handle.db, { token, name: 'Lee Park', password: PASSWORD }, testContext())).status).toBe('accepted');
      const created = await account('nowhere@example.test');
      expect(created).toMatchObject({ country: null, region: null });
      expect((await auditsOf('user.location_changed')).filter((row) => row.subjectId === created.id)).toEqual([]);
    });

    it('refuses a location from staff', async () => {
      const token = await invitationFor('staff.location@example.test', 'therapist');
      const result = await acceptInvitation(handle.db, { token, name: 'Dr. Pat Yu', password: PASSWORD, country: 'GB' }, testContext());
      expect(result).toEqual({ status: 'invalid-location', errors: { country: [CLIENTS_ONLY_LOCATION_MESSAGE] } });
      expect(await account('staff.location@example.test')).toBeUndefined();
    });
  });
});
