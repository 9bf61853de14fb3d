import 'server-only';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/guards';
import type { SessionUser } from '@/lib/auth/model';
import { wantsEmail } from '@/lib/notifications/queries';
import { TIME_ZONES } from '@/lib/platform/clock';
import { PRESET_TIME, type ReminderSettings } from './model';
import { offersOneClickSetUp, reminderSettingsOf, remindable, sessionEndsOf } from './queries';
import { LOOK_AHEAD_MS, nextOccurrence, SESSION_LOOK_BACK_MS } from './schedule';

/*
 * Page data for the client's reminders. Their own settings only (no other person's row is ever read here), and
 * nothing about their health: reading them is not audited, changing them is (commands.ts).
 */

/** A client, through the portal's gate (policies in force acknowledged first). */
async function requireClient(): Promise<SessionUser> {
  const user = await requireUser('reminders:use');
  await requireUser('portal:use');
  return user;
}

/** The time zones offered, as "Europe/London" → "Europe/London" with spaces for underscores. */
const TIME_ZONE_OPTIONS = TIME_ZONES.map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') }));

/** The reminders page: the settings (or the practice's zone to start from), the next reminder, and the one-click offer. */
export async function getRemindersPage(now = new Date()) {
  const user = await requireClient();
  const db = await getDb();
  const [settings, canGetThem, offered, emailOn] = await Promise.all([
    reminderSettingsOf(db, user),
    remindable(db, user),
    offersOneClickSetUp(db, user),
    wantsEmail(db, user.id),
  ]);
  let next: Date | null = null;
  if (settings && canGetThem) {
    const ends = await sessionEndsOf(db, [user.id], { from: new Date(now.getTime() - SESSION_LOOK_BACK_MS), to: new Date(now.getTime() + LOOK_AHEAD_MS) });
    next = nextOccurrence(settings, ends.get(user.id) ?? [], now);
  }
  const starting: ReminderSettings = settings ?? { timeZone: user.timeZone, afterSessionTime: null, weekly: null, email: false, version: 0 };
  return {
    settings: starting,
    saved: settings !== null,
    next,
    /** False when care has ended (or not begun): reminders wait until the client is in someone's care. */
    inCare: canGetThem,
    emailNotificationsOn: emailOn,
    offer: offered ? { time: PRESET_TIME, timeZone: user.timeZone } : null,
    timeZones: TIME_ZONE_OPTIONS,
  };
}

/** The portal home's card: the one-click set-up, when the recording discussion chose journaling or reminders. */
export async function getReminderOffer() {
  const user = await requireClient();
  return (await offersOneClickSetUp(await getDb(), user)) ? { time: PRESET_TIME, timeZone: user.timeZone } : null;
}
