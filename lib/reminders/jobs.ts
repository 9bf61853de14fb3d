import type { JobPayloads } from '@/lib/platform/jobs/catalogue';
import type { JobContext } from '@/lib/platform/jobs/worker';
import { deliverOneOff, deliverReminder, sweepReminders } from './commands';

/** How often every client's next reminder is checked for (sessions added since get their evening reminder). */
export const REMINDERS_SWEEP_EVERY_MS = 15 * 60 * 1000;

/** 'reminders.deliver': one reminder of a client's schedule, and the next one queued. */
export async function handleDeliverReminder(payload: JobPayloads['reminders.deliver'], { db, now }: JobContext) {
  await deliverReminder(db, payload, now);
}

/** 'reminders.sweep': every client who can get reminders has their next one queued. */
export async function handleRemindersSweep(_payload: JobPayloads['reminders.sweep'], { db, now }: JobContext) {
  await sweepReminders(db, now);
}

/** 'reminders.one_off': a notification scheduled by another feature, if the client is still in care. */
export async function handleOneOff(payload: JobPayloads['reminders.one_off'], { db }: JobContext) {
  await deliverOneOff(db, payload);
}
