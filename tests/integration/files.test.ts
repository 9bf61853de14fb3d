import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle, Db } from '@/db/client';
import { auditEvents, fileUploads, jobs, notifications, sharedFiles, type Job } from '@/db/schema';
import { answerSession, withdrawAgreement } from '@/lib/consent/commands';
import { deleteFile, removeRecordingsPastRetention, rewrapBatch } from '@/lib/files/commands';
import { neutralLabel } from '@/lib/files/commands';
import { openRefusal } from '@/lib/files/access';
import { handleFilesSweep } from '@/lib/files/jobs';
import { readContent } from '@/lib/files/vault';
import { runDueJobs } from '@/lib/platform/jobs/worker';
import { createLocalStore, createS3Store, setObjectStoreForTests, type ObjectStore } from '@/lib/platform/storage';
import { jobHandlers } from '@/lib/runtime/jobs';
import { testContext } from '../helpers/context';
import { testDatabases } from '../helpers/database';
import { EICAR, type RunningClamd, startClamd } from '../helpers/clamd';
import { startS3Server } from '../helpers/s3-server';
import { brokenBody, uploader } from '../helpers/tus';
import { TERMS, activeAgreement, addSession, consentPractice, type ConsentPractice } from './consent-fixtures';

const DAY = 24 * 60 * 60 * 1000;
const KIB = 1024;

/** A PDF as far as its first bytes go, with random content after them: `size` bytes in all. */
function pdf(size: number): Buffer {
  const bytes = randomBytes(size);
  Buffer.from('%PDF-1.7\n').copy(bytes);
  return bytes;
}

/** The start of a WebM audio file (EBML header with DocType "webm"), then random bytes. */
function webm(size: number): Buffer {
  const header = Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0xf2, 0x81, 0x04, 0x42, 0xf3, 0x81, 0x08, 0x42, 0x82, 0x84, 0x77, 0x65, 0x62, 0x6d, 0x42, 0x87, 0x81, 0x04, 0x42, 0x85, 0x81, 0x02]);
  const bytes = randomBytes(size);
  header.copy(bytes);
  return bytes;
}

const backends: { name: string; start: () => Promise<{ store: ObjectStore; stop: () => Promise<void> }> }[] = [
  {
    name: 'local disk',
    start: async () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-objects-'));
      return { store: createLocalStore(root), stop: async () => fs.rmSync(root, { recursive: true, force: true }) };
    },
  },
  {
    name: 'S3',
    start: async () => {
      const server = await startS3Server();
      return { store: createS3Store(server.config), stop: server.stop };
    },
  },
];

async function allObjects(store: ObjectStore) {
  const keys: string[] = [];
  for await (const object of store.list('files/')) keys.push(object.key);
  return keys;
}

async function runJobs(db: Db, at = new Date()) {
  await runDueJobs(db, { handlers: jobHandlers, clock: () => at });
}

describe.each(testDatabases.flatMap((database) => backends.map((backend) => ({ database, backend }))))('shared files on $database.name, $backend.name', ({ database, backend }) => {
  let handle: DatabaseHandle;
  let db: Db;
  let store: ObjectStore;
  let stopStore: () => Promise<void>;
  let p: ConsentPractice;

  beforeAll(async () => {
    handle = await database.open();
    db = handle.db;
    const started = await backend.start();
    store = started.store;
    stopStore = started.stop;
    setObjectStoreForTests(store);
  });
  afterAll(async () => {
    setObjectStoreForTests(undefined);
    await handle?.close();
    await stopStore?.();
  });
  beforeEach(async () => {
    p = await consentPractice(db);
  });

  const space = () => p.care.client.id;

  it('stores a worksheet sent in pieces, encrypted under a neutral label, and gives back the same bytes', async () => {
    const bytes = pdf(200 * KIB + 7);
    const { id, response } = await uploader(db, p.actors.client).send({ space: space(), kind: 'worksheet', filename: 'My panic diary.pdf', note: 'for Tuesday' }, bytes, [1000, 70 * KIB, 3, 90 * KIB]);
    expect(response).toBeNull();
    const [file] = await db.select().from(sharedFiles).where(eq(sharedFiles.id, id));
    expect(file).toMatchObject({ kind: 'worksheet', mediaType: 'application/pdf', sizeBytes: bytes.length, status: 'unscanned', uploadedById: p.client.id, therapistId: p.therapist.id });
    expect(file.label).toMatch(/^Item \d{4}-\d{2}-\d{2} · [A-Z2-9]{4}$/);
    expect(file.nameSealed).not.toContain('panic');
    expect(await buffer(readContent(file))).toEqual(bytes);
    expect(await buffer(readContent(file, { start: 65_530, end: 140_000 }))).toEqual(bytes.subarray(65_530, 140_001));

    // Stored objects are named by random ids and hold no plaintext.
    const keys = await allObjects(store);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatch(/^files\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
      const stored = await buffer(await store.get(key));
      expect(stored.includes(bytes.subarray(1000, 1032))).toBe(false);
    }
    // The therapist is told something was shared, without a word about it.
    const [told] = await db.select().from(notifications).where(eq(notifications.userId, p.therapist.id));
    expect(told).toMatchObject({ kind: 'files.shared', subjectId: space() });
    const [uploaded] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'files.uploaded'), eq(auditEvents.subjectId, id)));
    expect(uploaded).toMatchObject({ actorId: p.client.id, subjectType: 'shared_file' });
    expect(JSON.stringify(uploaded.metadata)).not.toMatch(/panic|Tuesday/);
  });

  it('resumes an upload whose connection dropped halfway, from where the server says it stopped', async () => {
    const bytes = pdf(300 * KIB);
    const client = uploader(db, p.actors.client);
    const created = await client.create({ space: space(), kind: 'document', filename: 'letter.pdf', length: bytes.length });
    const location = created.headers.get('location')!;
    const broken = await client.patch(location, 0, brokenBody(bytes.subarray(0, 100 * KIB + 5)));
    expect(broken.status).toBeGreaterThanOrEqual(400);
    const head = await client.head(location);
    expect(head.status).toBe(200);
    // What arrived before the break is kept (encrypted), up to the last byte received.
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBeGreaterThan(64 * KIB);
    expect(offset).toBeLessThanOrEqual(100 * KIB + 5);
    // A forged offset is refused and changes nothing.
    expect((await client.patch(location, offset + 10, bytes.subarray(offset + 10))).status).toBe(409);
    expect((await client.patch(location, 0, bytes)).status).toBe(409);
    const done = await client.patch(location, offset, bytes.subarray(offset));
    expect(done.status).toBe(204);
    const [file] = await db.select().from(sharedFiles).where(eq(sharedFiles.id, location.split('/').pop()!));
    expect(await buffer(readContent(file))).toEqual(bytes);
  });

  it('refuses an upload declared over the practice limit at once, an empty file, and a renamed executable, storing nothing', async () => {
    const client = uploader(db, p.actors.client);
    const limit = 500 * 1024 * 1024;
    const over = await client.create({ space: space(), kind: 'document', filename: 'big.pdf', length: limit + 1 });
    expect(over.status).toBe(413);
    expect(await over.text()).toMatch(/larger than your practice allows/);
    const empty = await client.create({ space: space(), kind: 'document', filename: 'empty.txt', length: 0 });
    expect(empty.status).toBe(400);

    const exe = Buffer.concat([Buffer.from('MZ'), randomBytes(4000)]);
    const { response, id } = await client.send({ space: space(), kind: 'document', filename: 'invoice.pdf' }, exe);
    expect(response?.status).toBe(415);
    expect(await response?.text()).toMatch(/cannot be shared/);
    // Refused while more of the body is still to come: the answer is still Hearth's own.
    const bigExe = Buffer.concat([Buffer.from('MZ'), randomBytes(300 * KIB)]);
    const big = await client.send({ space: space(), kind: 'document', filename: 'setup.pdf' }, bigExe);
    expect(big.response?.status).toBe(415);
    expect(await big.response?.text()).toMatch(/cannot be shared/);
    expect(await db.select().from(fileUploads).where(eq(fileUploads.id, id))).toEqual([]);
    expect(await db.select().from(sharedFiles).where(eq(sharedFiles.practiceId, p.practice.id))).toEqual([]);
    await runJobs(db);
    expect(await allObjects(store)).toEqual(expect.not.arrayContaining([expect.stringContaining(id)]));

    const refusals = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'files.upload_refused'), eq(auditEvents.practiceId, p.practice.id)));
    expect(refusals.map((row) => (row.metadata as { reason: string }).reason).sort()).toEqual(['empty', 'too_large', 'type_not_allowed', 'type_not_allowed']);
  });

  it('gives another therapist, client or practice a 404 for an upload by its id, and records the attempt', async () => {
    const client = uploader(db, p.actors.client);
    const created = await client.create({ space: space(), kind: 'document', filename: 'a.pdf', length: 10 * KIB });
    const location = created.headers.get('location')!;
    const other = await consentPractice(db);
    for (const actor of [p.actors.otherTherapist, p.actors.otherClient, p.actors.therapist, other.actors.client]) {
      const as = uploader(db, actor);
      expect((await as.head(location)).status).toBe(404);
      expect((await as.patch(location, 0, pdf(10 * KIB))).status).toBe(404);
      expect((await as.remove(location)).status).toBe(404);
    }
    // Nor may anyone upload into a space not theirs.
    const intoOther = await uploader(db, p.actors.otherClient).create({ space: space(), kind: 'document', filename: 'x.pdf', length: 10 });
    expect(intoOther.status).toBe(404);
    const refused = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'files.open_refused'), eq(auditEvents.actorId, p.otherTherapist.id)));
    expect(refused.length).toBe(3);
    // The owner's upload is untouched.
    expect(Number((await client.head(location)).headers.get('upload-offset'))).toBe(0);
  });

  it('takes two uploads at once', async () => {
    const a = pdf(150 * KIB);
    const b = pdf(170 * KIB);
    const [first, second] = await Promise.all([
      uploader(db, p.actors.client).send({ space: space(), kind: 'document', filename: 'a.pdf' }, a, [64 * KIB, 1]),
      uploader(db, p.actors.therapist).send({ space: space(), kind: 'worksheet', filename: 'b.pdf' }, b, [100 * KIB]),
    ]);
    const files = await db.select().from(sharedFiles).where(eq(sharedFiles.careRelationshipId, space()));
    const byId = new Map(files.map((file) => [file.id, file]));
    expect(await buffer(readContent(byId.get(first.id)!))).toEqual(a);
    expect(await buffer(readContent(byId.get(second.id)!))).toEqual(b);
  });

  it('gives an error, never wrong bytes, when a stored object was tampered with or cut short', async () => {
    const bytes = pdf(140 * KIB);
    const { id } = await uploader(db, p.actors.client).send({ space: space(), kind: 'document', filename: 'a.pdf' }, bytes);
    const [file] = await db.select().from(sharedFiles).where(eq(sharedFiles.id, id));
    const key = file.segments[0]!.key;
    const original = await buffer(await store.get(key));
    const flipped = Buffer.from(original);
    flipped[70_000] ^= 1;
    await store.put(key, Readable.from([flipped]));
    await expect(buffer(readContent(file))).rejects.toThrow();
    await store.put(key, Readable.from([original.subarray(0, original.length - 100)]));
    await expect(buffer(readContent(file))).rejects.toThrow();
  });

  it('deletes by crypto-shredding: the key goes at once, the content after, a tombstone stays', async () => {
    const { id } = await uploader(db, p.actors.therapist).send({ space: space(), kind: 'worksheet', filename: 'w.pdf' }, pdf(10 * KIB));
    expect(await deleteFile(db, p.actors.client, id, testContext())).toEqual({ status: 'forbidden' });
    expect(await deleteFile(db, p.actors.otherTherapist, id, testContext())).toEqual({ status: 'not-found' });
    expect(await deleteFile(db, p.actors.therapist, id, testContext())).toEqual({ status: 'deleted' });
    const [file] = await db.select().from(sharedFiles).where(eq(sharedFiles.id, id));
    expect(file).toMatchObject({ status: 'deleted', wrappedKey: null, keyId: null, removedReason: 'deleted_by_uploader' });
    expect(() => readContent(file)).toThrow();
    await runJobs(db);
    expect((await allObjects(store)).filter((key) => key.includes(id))).toEqual([]);
    expect(await deleteFile(db, p.actors.therapist, id, testContext())).toEqual({ status: 'not-found' });
  });

  it('stores a recording only under an agreement in force with the client’s yes for that session', async () => {
    const session = await addSession(db, p, 1);
    const client = uploader(db, p.actors.client);
    const audio = webm(90 * KIB);
    const without = await client.create({ space: space(), kind: 'recording', filename: 'session.webm', appointment: session.id, length: audio.length });
    expect(without.status).toBe(403);
    expect(await without.text()).toMatch(/agreement in force/);

    const requestId = await activeAgreement(db, p);
    const noYes = await client.create({ space: space(), kind: 'recording', filename: 'session.webm', appointment: session.id, length: audio.length });
    expect(noYes.status).toBe(403);
    expect(await answerSession(db, p.actors.client, { requestId, appointmentId: session.id, answer: 'yes' }, testContext())).toMatchObject({ status: 'answered' });
    // Under 'client_upload' the therapist does not record.
    expect((await uploader(db, p.actors.therapist).create({ space: space(), kind: 'recording', filename: 's.webm', appointment: session.id, length: audio.length })).status).toBe(403);
    // A document passed off as a recording is refused by its content.
    const { response: notAudio } = await client.send({ space: space(), kind: 'recording', filename: 'session.webm', appointment: session.id }, pdf(10 * KIB));
    expect(notAudio?.status).toBe(415);

    // The browser recorder: a deferred length, pieces as they are recorded, the length declared at the end.
    const created = await client.create({ space: space(), kind: 'recording', filename: 'session.webm', appointment: session.id, length: null });
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    let offset = 0;
    for (const size of [16 * KIB, 16 * KIB, 40 * KIB]) {
      const response = await client.patch(location, offset, audio.subarray(offset, offset + size));
      expect(response.status).toBe(204);
      offset += size;
    }
    const last = await client.patch(location, offset, audio.subarray(offset), { 'Upload-Length': String(audio.length) });
    expect(last.status).toBe(204);
    const [recording] = await db.select().from(sharedFiles).where(eq(sharedFiles.id, location.split('/').pop()!));
    expect(recording).toMatchObject({ kind: 'recording', mediaType: 'audio/webm', recordingRequestId: requestId, appointmentId: session.id });
    expect(recording.deleteAfter!.getTime() - recording.createdAt.getTime()).toBe(TERMS.retentionDays * DAY);
    expect(await buffer(readContent(recording))).toEqual(audio);

    // Withdrawal: the deletion it scheduled runs once, and leaves a tombstone.
    const now = new Date();
    expect(await withdrawAgreement(db, p.actors.client, { requestId, reason: '' }, testContext(), now)).toMatchObject({ status: 'saved' });
    await runJobs(db, new Date(now.getTime() + 8 * DAY));
    await runJobs(db, new Date(now.getTime() + 9 * DAY));
    const [gone] = await db.select().from(sharedFiles).where(eq(sharedFiles.id, recording.id));
    expect(gone).toMatchObject({ status: 'deleted', removedReason: 'consent_withdrawn', wrappedKey: null });
    const deletions = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'files.withdrawal_deleted'), eq(auditEvents.subjectId, recording.id)));
    expect(deletions).toHaveLength(1);
    const [run] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'consent.recordings_deletion_run'), eq(auditEvents.subjectId, requestId)));
    expect(run.metadata).toMatchObject({ recordingsDeleted: 1 });
  });

  it('deletes recordings when their retention ends, once, also with two sweeps at the same time', async () => {
    const session = await addSession(db, p, 1);
    const requestId = await activeAgreement(db, p);
    await answerSession(db, p.actors.client, { requestId, appointmentId: session.id, answer: 'yes' }, testContext());
    const { id } = await uploader(db, p.actors.client).send({ space: space(), kind: 'recording', filename: 'r.webm', appointment: session.id }, webm(20 * KIB));
    const later = new Date(Date.now() + (TERMS.retentionDays - 1) * DAY);
    expect(await removeRecordingsPastRetention(db, later)).toBe(0);
    const after = new Date(Date.now() + (TERMS.retentionDays + 1) * DAY);
    const counts = await Promise.all([removeRecordingsPastRetention(db, after), removeRecordingsPastRetention(db, after)]);
    expect(counts[0] + counts[1]).toBe(1);
    const [file] = await db.select().from(sharedFiles).where(eq(sharedFiles.id, id));
    expect(file).toMatchObject({ status: 'deleted', removedReason: 'retention_ended' });
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'files.retention_deleted'), eq(auditEvents.subjectId, id)))).toHaveLength(1);
  });

  it('rewraps every data key under a new master key, resumably, with every file readable throughout', async () => {
    const bytes = pdf(70 * KIB);
    const { id } = await uploader(db, p.actors.client).send({ space: space(), kind: 'document', filename: 'k.pdf' }, bytes);
    const { rotateMasterKey } = await import('@/lib/platform/crypto/keyring');
    const { previous, current } = rotateMasterKey();
    expect(current).not.toBe(previous);
    while ((await rewrapBatch(db, 1)) > 0);
    const [file] = await db.select().from(sharedFiles).where(eq(sharedFiles.id, id));
    expect(file.keyId).toBe(current);
    expect(await buffer(readContent(file))).toEqual(bytes);
    const [rotated] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'files.keys_rotated'), eq(auditEvents.practiceId, p.practice.id)));
    expect(rotated).toBeDefined();
  });

  it('removes abandoned uploads and objects nothing refers to', async () => {
    const client = uploader(db, p.actors.client);
    const created = await client.create({ space: space(), kind: 'document', filename: 'a.pdf', length: 200 * KIB });
    const location = created.headers.get('location')!;
    expect((await client.patch(location, 0, pdf(100 * KIB))).status).toBe(204);
    const id = location.split('/').pop()!;
    expect((await allObjects(store)).some((key) => key.includes(id))).toBe(true);
    // An object a lost request wrote and no row refers to.
    const orphan = `files/${crypto.randomUUID()}/${crypto.randomUUID()}`;
    await store.put(orphan, Readable.from([randomBytes(100)]));
    const later = new Date(Date.now() + 2 * DAY);
    await handleFilesSweep({}, { db, now: later, job: {} as Job });
    await runJobs(db, later);
    expect(await db.select().from(fileUploads).where(eq(fileUploads.id, id))).toEqual([]);
    expect((await allObjects(store)).some((key) => key.includes(id))).toBe(false);
    expect(await allObjects(store)).not.toContain(orphan);
    const pending = await db.select().from(jobs).where(eq(jobs.kind, 'files.delete_objects'));
    expect(pending.every((job) => job.state === 'done')).toBe(true);
  });

  it('labels files neutrally in the practice’s time zone', () => {
    expect(neutralLabel(new Date('2026-11-27T23:30:00Z'), 'Pacific/Auckland')).toMatch(/^Item 2026-11-28 · [A-Z2-9]{4}$/);
  });
});

describe('shared files with the malware scanner on', () => {
  let handle: DatabaseHandle;
  let db: Db;
  let clamd: RunningClamd;
  let root: string;
  let p: ConsentPractice;

  beforeAll(async () => {
    clamd = await startClamd();
    vi.stubEnv('CLAMD_SOCKET', clamd.socket);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-objects-'));
    setObjectStoreForTests(createLocalStore(root));
    handle = await testDatabases[0]!.open();
    db = handle.db;
    p = await consentPractice(db);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    setObjectStoreForTests(undefined);
    await handle?.close();
    await clamd?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('keeps a file closed until it is scanned, then opens a clean one and blocks the EICAR test file', async () => {
    const client = uploader(db, p.actors.client);
    const clean = await client.send({ space: p.care.client.id, kind: 'document', filename: 'notes.txt' }, Buffer.from('What I want to practise this week: breathing.\n'));
    const infected = await client.send({ space: p.care.client.id, kind: 'document', filename: 'notes2.txt' }, Buffer.from(`${EICAR}\n`));
    const status = async (id: string) => (await db.select().from(sharedFiles).where(eq(sharedFiles.id, id)))[0]!;
    expect((await status(clean.id)).status).toBe('scanning');
    expect(openRefusal(p.actors.therapist, { ...(await status(clean.id)), listeners: null })).toBe('not_available');
    // Nobody is told about a file before it is known to be clean.
    expect(await db.select().from(notifications).where(eq(notifications.userId, p.therapist.id))).toEqual([]);

    await runJobs(db);
    expect(await status(clean.id)).toMatchObject({ status: 'available' });
    expect(await status(infected.id)).toMatchObject({ status: 'blocked', removedReason: 'malware_found', wrappedKey: null });
    const told = await db.select().from(notifications).where(eq(notifications.userId, p.therapist.id));
    expect(told.map((row) => row.kind)).toEqual(['files.shared']);
    const scans = await db.select().from(auditEvents).where(eq(auditEvents.action, 'files.scanned'));
    expect(scans.map((row) => (row.metadata as { verdict: string }).verdict).sort()).toEqual(['clean', 'infected']);
  });
});
