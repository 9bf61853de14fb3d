import type { JobPayloads } from '@/lib/platform/jobs/catalogue';
import type { JobContext } from '@/lib/platform/jobs/worker';
import { sendEndingSoon, sendSessionCheck, sweepConsent } from './commands';

/** How often the recurring check runs. */
export const CONSENT_SWEEP_EVERY_MS = 5 * 60 * 1000;

/** 'consent.sweep': ends agreements whose care ended or whose sessions are over, and queues the reminders due. */
export async function handleConsentSweep(_payload: JobPayloads['consent.sweep'], { db, now }: JobContext) {
  await sweepConsent(db, now);
}

/** 'consent.ending_soon': "An agreement ends in 7 days", once per agreement. */
export async function handleEndingSoon(payload: JobPayloads['consent.ending_soon'], { db }: JobContext) {
  await sendEndingSoon(db, payload);
}

/** 'consent.session_check': "Still OK to record this session?", once per covered session. */
export async function handleSessionCheck(payload: JobPayloads['consent.session_check'], { db, now }: JobContext) {
  await sendSessionCheck(db, payload, now);
}
