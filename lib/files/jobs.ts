import type { JobPayloads } from '@/lib/platform/jobs/catalogue';
import { JobError } from '@/lib/platform/jobs/queue';
import type { JobContext } from '@/lib/platform/jobs/worker';
import { configuredScanner } from '@/lib/platform/scanning';
import { objectStore } from '@/lib/platform/storage';
import { runScheduledDeletion } from '../consent/commands';
import { recordScan, removeExpiredUploads, removeRecordingsOf, removeRecordingsPastRetention } from './commands';
import { fileById, objectKeysInUse } from './queries';
import { OBJECT_PREFIX, deleteObjects, ownerOfKey, readContent } from './vault';

/** How often retention and leftovers are checked. */
export const FILES_SWEEP_EVERY_MS = 5 * 60 * 1000;

/** An object not referred to by any row is only removed once older than this: its request may still be saving it. */
const LEFTOVER_GRACE_MS = 60 * 60 * 1000;

/**
 * 'files.scan': streams the decrypted content to the scanner (never to disk). A scanner error is retried by the job
 * queue; once retries run out the job fails and the file stays unopenable ('scanning') for the admin to retry.
 */
export async function handleScan(payload: JobPayloads['files.scan'], { db, now }: JobContext) {
  const file = await fileById(db, payload.fileId);
  if (!file || file.status !== 'scanning') return;
  const scanner = configuredScanner();
  if (!scanner) throw new JobError('No scanner is configured any more: the file waits until one is.');
  const verdict = await scanner.scan(readContent(file));
  if (verdict.verdict === 'not_scannable' && verdict.reason === 'error') throw new JobError('The scanner did not answer.');
  await recordScan(db, file.id, verdict, now);
}

/** 'files.delete_objects': removes content whose key is already destroyed. Deleting twice is harmless. */
export async function handleDeleteObjects(payload: JobPayloads['files.delete_objects']) {
  await deleteObjects(payload.objectKeys);
}

/** 'files.sweep': recordings past retention, abandoned uploads, and objects no row refers to. */
export async function handleFilesSweep(_payload: JobPayloads['files.sweep'], { db, now }: JobContext) {
  await removeRecordingsPastRetention(db, now);
  await removeExpiredUploads(db, now);
  const store = objectStore();
  await store.sweepIncoming?.(new Date(now.getTime() - LEFTOVER_GRACE_MS));
  const candidates: string[] = [];
  for await (const object of store.list(OBJECT_PREFIX)) {
    if (now.getTime() - object.modifiedAt.getTime() > LEFTOVER_GRACE_MS) candidates.push(object.key);
  }
  for (let i = 0; i < candidates.length; i += 500) {
    const batch = candidates.slice(i, i + 500);
    const inUse = await objectKeysInUse(db, [...new Set(batch.map(ownerOfKey))]);
    await deleteObjects(batch.filter((key) => !inUse.has(key)));
  }
}

/**
 * 'consent.delete_recordings': the deletion a withdrawal scheduled, carried out. Each recording is removed once (a
 * tombstone stays), and the run is recorded on the agreement with how many were removed.
 */
export async function handleDeleteRecordings(payload: JobPayloads['consent.delete_recordings'], { db, now }: JobContext) {
  const removed = await removeRecordingsOf(db, payload.requestId, payload.basis === 'withdrawal' ? 'consent_withdrawn' : 'retention_ended', now);
  await runScheduledDeletion(db, { ...payload, removed });
}
