// Shared files end to end, in a practice of each test's own: a client shares a worksheet with a real progress bar and
// their therapist downloads the very same bytes; uploads that break off and resume, pause, resume and cancel; what is
// refused before anything is stored (a renamed program, an empty file, a file over the practice's limit); a session
// recorded in the browser under an agreement, that only the client may play, removed when the client withdraws; and
// everyone else asking for the space, its files and its uploads by id. The e2e server runs without a virus scanner
// (files open at once) and with the job worker inside it (jobs due now run within seconds).
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { DISCUSSION_SECTIONS } from '../lib/consent/model';
import { todayInTimeZone } from '../lib/platform/clock';
import { PASSWORD } from './accounts';
import { expect, test, type Person, type Practice } from './fixtures';
import { actionsInBuild, callAction } from './server-actions';
import { createUpload, sendBytes, startUpload, uploadFile, uploadPath, uploadState } from './uploads';

const MiB = 1024 * 1024;
/** The uploader sends pieces of this size (CHUNK_BYTES in lib/files/components/uploader-form.tsx). */
const CHUNK = 8 * MiB;
const LABEL = /^Item \d{4}-\d{2}-\d{2} · [A-HJ-NP-Z2-9]{4}$/;

/** A file that reads as a PDF (its first bytes) and is random after: each test's bytes are its own. */
const pdfBytes = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(size - 9)]);
const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

const spacePath = (practice: Practice) => `/portal/files/${practice.careIds.client}`;
const therapistFilesPath = (practice: Practice) => `/practice/clients/${practice.client.id}/files`;
const contentPath = (fileId: string, purpose: 'download' | 'preview' | 'play' = 'download') => `/api/files/${fileId}/content?purpose=${purpose}`;

/** The client opens their space with their therapist the way they would: Shared files, then the space. */
async function openSpace(client: Page, practice: Practice) {
  await client.goto('/portal/files');
  await client.getByRole('link', { name: `Shared with ${practice.therapist.name}` }).click();
  await expect(client).toHaveURL(spacePath(practice));
  await expect(client.getByRole('heading', { name: `Shared with ${practice.therapist.name}`, level: 1 })).toBeVisible();
}

/** The "Share a file" card: the uploader, its progress and its messages. */
const uploader = (page: Page) => page.locator('section').filter({ has: page.getByRole('heading', { name: 'Share a file', exact: true }) });
const fileList = (page: Page) => page.getByRole('list', { name: 'Shared files, newest first' });
/** A file's entry in the list, found by what the list shows of it (its label or its original name). */
const entry = (page: Page, text: string | RegExp) => fileList(page).getByRole('listitem').filter({ hasText: text });
const progressBar = (page: Page) => uploader(page).getByRole('progressbar', { name: 'Upload progress' });
const sharedStatus = (page: Page) => uploader(page).getByRole('status').filter({ hasText: 'Shared.' });

/** Chooses a file, its kind, and presses Upload. */
async function share(page: Page, file: { name: string; mimeType: string; buffer: Buffer }, kind = 'Document') {
  await page.getByLabel('File to share').setInputFiles(file);
  await page.getByLabel('What kind of file is this?').selectOption({ label: kind });
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
}

/** The neutral label an entry is listed under (its heading). */
async function labelOf(item: Locator) {
  const label = (await item.getByRole('heading').innerText()).trim();
  expect(label).toMatch(LABEL);
  return label;
}

/** The file's id, from the entry's "Open" link. */
async function fileIdOf(item: Locator) {
  const href = await item.getByRole('link', { name: /^Open / }).getAttribute('href');
  const id = href?.match(/\/([0-9a-f-]{36})$/)?.[1];
  expect(id, `the file's id in ${href}`).toBeTruthy();
  return id!;
}

/** Every request the page makes to the upload endpoint, as "METHOD offset" (offset for PATCH). */
function watchUploads(page: Page) {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (!new URL(request.url()).pathname.startsWith('/api/files/uploads')) return;
    const offset = request.headers()['upload-offset'];
    seen.push(request.method() === 'PATCH' ? `PATCH ${offset}` : request.method());
  });
  return seen;
}

// ---------------------------------------------------------------------------------------------
// Arranging a recording agreement: the discussion's server actions called as the pages' forms do (consent.spec.ts
// walks through the pages themselves), with terms that delete recordings at once on withdrawal.

class ConsentActions {
  private readonly built = actionsInBuild();
  constructor(private readonly baseURL: string) {}

  async call(request: APIRequestContext, name: string, page: string, fields: Record<string, string>) {
    const action = this.built.get(`lib/consent/actions.ts#${name}`);
    if (!action) throw new Error(`${name} is not in the build`);
    return callAction(request, this.baseURL, action.id, page, fields);
  }
}

/** An agreement in force between the practice's client and therapist: the client records, only the client listens. */
async function agreementInForce(baseURL: string, practice: Practice, client: Page, therapist: Page) {
  const actions = new ConsentActions(baseURL);
  const opened = await actions.call(client.request, 'openRequestAction', '/portal/recording/new', {
    therapistId: practice.therapist.id,
    purpose_self_reflection: 'on',
    sessionsKind: 'all_from_date',
    sessionsFrom: todayInTimeZone(practice.timeZone),
    method: 'client_upload',
    listeners: 'client_only',
    retentionDays: '30',
    // Withdrawal deletes within 0 days: the deletion job is due at once.
    onWithdrawal: 'delete_within_days',
    onWithdrawalDays: '0',
  });
  const requestId = opened.redirect?.match(/\/portal\/recording\/requests\/([0-9a-f-]{36})$/)?.[1];
  expect(requestId, `the request is opened: ${JSON.stringify(opened)}`).toBeTruthy();
  const pages = {
    client: { request: client.request, path: `/portal/recording/requests/${requestId}`, person: practice.client },
    therapist: { request: therapist.request, path: `/practice/clients/${practice.client.id}/recording/${requestId}`, person: practice.therapist },
  };
  let rowVersion = 1;
  for (const section of DISCUSSION_SECTIONS) {
    for (const party of ['client', 'therapist'] as const) {
      const answer = await actions.call(pages[party].request, 'tickSectionAction', pages[party].path, { requestId: requestId!, section, rowVersion: String(rowVersion) });
      expect(answer.state?.ok, `${party} ticks ${section}: ${JSON.stringify(answer)}`).toBe(true);
      rowVersion = Number(answer.state!.data!.rowVersion);
    }
  }
  // The fingerprint of the terms, as the signing form carries it.
  const html = await (await client.request.get(pages.client.path)).text();
  const termsSha256 = html.match(/name="termsSha256" value="([0-9a-f]{64})"/)?.[1];
  expect(termsSha256, 'the signing form carries the terms’ hash').toBeTruthy();
  for (const party of ['therapist', 'client'] as const) {
    const { request, path, person } = pages[party];
    const answer = await actions.call(request, 'signAction', path, { requestId: requestId!, termsSha256: termsSha256!, fullName: person.name, password: PASSWORD });
    expect(answer.state?.ok, `${party} signs: ${JSON.stringify(answer)}`).toBe(true);
  }
  return requestId!;
}

/** The practice's wall-clock date and time ("HH:MM") of an instant. */
function practiceClock(practice: Practice, instant: Date) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: practice.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** The therapist adds a session with the client starting in about half an hour (recordable from a day ahead). */
async function addSessionSoon(practice: Practice, therapist: Page) {
  const startsAt = new Date(Math.ceil((Date.now() + 30 * 60_000) / 60_000) * 60_000);
  const { date, time } = practiceClock(practice, startsAt);
  await therapist.goto(`/practice/clients/${practice.client.id}/sessions`);
  const form = therapist.locator('form').filter({ has: therapist.getByRole('button', { name: 'Add session' }) });
  await form.getByLabel('Date').fill(date);
  await form.getByLabel('Start time').fill(time);
  await form.getByRole('button', { name: 'Add session' }).click();
  await expect(form.getByRole('status')).toBeVisible();
  return time;
}

// ---------------------------------------------------------------------------------------------

test.describe('sharing a file', () => {
  test('a client shares a worksheet with a progress bar; the therapist downloads the same bytes and was told only that something is new', async ({
    practice,
    signedInAs,
  }) => {
    const client = await signedInAs(practice.client);
    const therapist = await signedInAs(practice.therapist);
    const bytes = pdfBytes(6 * 1000 * 1000);
    const name = 'worksheet-week-3.pdf';

    await openSpace(client, practice);
    await expect(fileList(client)).toHaveCount(0);
    await expect(client.getByText('Nothing has been shared here yet.')).toBeVisible();

    // A slower connection than the machine's own, so the bar is seen moving rather than jumping to the end.
    const cdp = await client.context().newCDPSession(client);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 3 * 1000 * 1000 });
    await share(client, { name, mimeType: 'application/pdf', buffer: bytes }, 'Worksheet');
    await expect(progressBar(client)).toBeVisible();
    await expect(progressBar(client)).toHaveAttribute('max', String(bytes.length));
    // Part of the way: more than nothing, less than all of it, and said in words beside the bar.
    await expect
      .poll(async () => {
        const sent = Number(await progressBar(client).getAttribute('value'));
        return sent > 0 && sent < bytes.length;
      })
      .toBe(true);
    await expect(uploader(client).getByText(/^\d{1,2}% \([\d.]+ (B|KB|MB) of 5\.7 MB\)$/)).toBeVisible();
    await expect(sharedStatus(client)).toHaveText(`Shared. ${practice.therapist.name} has been told something new is in your shared files.`);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await expect(progressBar(client)).toHaveCount(0);

    // Listed under a neutral label dated today in the practice, with its original name for the two of them.
    const item = entry(client, name);
    await expect(item).toHaveCount(1);
    const label = await labelOf(item);
    const today = todayInTimeZone(practice.timeZone);
    expect([today, todayInTimeZone(practice.timeZone, new Date(Date.now() - 60_000))]).toContain(label.slice(5, 15));
    await expect(item).toContainText('Worksheet · 5.7 MB · Shared by you');
    await expect(item).toContainText('Status: Ready (not checked for viruses)');

    // The therapist downloads it from the client's files: the same bytes.
    await therapist.goto(therapistFilesPath(practice));
    const theirs = entry(therapist, label);
    await expect(theirs).toContainText(name);
    await expect(theirs).toContainText(`Shared by ${practice.client.name}`);
    const [download] = await Promise.all([therapist.waitForEvent('download'), theirs.getByRole('link', { name: `Download ${label}` }).click()]);
    expect(download.suggestedFilename()).toBe(name);
    const downloaded = await fs.readFile((await download.path())!);
    expect(downloaded.length).toBe(bytes.length);
    expect(sha256(downloaded)).toBe(sha256(bytes));

    // The notification says something is new, and nothing about what.
    await therapist.goto('/notifications');
    const notification = therapist.getByRole('list', { name: 'Notifications, newest first' }).getByRole('listitem').filter({ hasText: 'Something new was shared with you' });
    await expect(notification).toHaveCount(1);
    await expect(notification).toContainText('Open your shared files to see it.');
    for (const secret of [name, 'worksheet', 'Worksheet', label, 'PDF', practice.client.name]) await expect(notification).not.toContainText(secret);
    await notification.getByRole('link', { name: 'Something new was shared with you' }).click();
    await expect(therapist).toHaveURL(therapistFilesPath(practice));
  });

  test('an upload that breaks off resumes from where the server got to and arrives whole', async ({ practice, signedInAs }) => {
    const client = await signedInAs(practice.client);
    const seen = watchUploads(client);
    // Two pieces: the first PATCH is cut off as the upload starts, and again the first one after the server holds 8 MiB.
    const bytes = pdfBytes(CHUNK + 3 * MiB);
    const name = 'journal-scan.pdf';
    const cut = new Set<string>();
    await client.route('**/api/files/uploads/*', async (route) => {
      const request = route.request();
      const offset = request.headers()['upload-offset'];
      if (request.method() === 'PATCH' && !cut.has(offset)) {
        cut.add(offset);
        await route.abort('connectionreset');
        return;
      }
      await route.continue();
    });
    await openSpace(client, practice);
    const created = client.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/files/uploads');
    await share(client, { name, mimeType: 'application/pdf', buffer: bytes });
    const location = uploadPath(await created);
    await expect(sharedStatus(client)).toBeVisible();
    await client.unroute('**/api/files/uploads/*');

    // After each broken PATCH the uploader asked where the server got to, and went on from there.
    expect(seen).toEqual(['POST', 'PATCH 0', 'HEAD', 'PATCH 0', `PATCH ${CHUNK}`, 'HEAD', `PATCH ${CHUNK}`]);
    const fileId = location.split('/').pop()!;
    const item = entry(client, name);
    await expect(item).toHaveCount(1);
    expect(await fileIdOf(item)).toBe(fileId);
    const stored = await client.request.get(contentPath(fileId));
    expect(stored.status()).toBe(200);
    expect(sha256(await stored.body())).toBe(sha256(bytes));
  });

  test('a large upload pauses and resumes where it stopped; a cancelled one leaves nothing', async ({ practice, signedInAs }) => {
    const client = await signedInAs(practice.client);
    const seen = watchUploads(client);
    const bytes = pdfBytes(20 * MiB);
    const name = 'workbook.pdf';
    // The second piece is held until Pause is pressed, so the pause lands mid-upload whatever the machine's speed.
    let release = () => {};
    const paused = new Promise<void>((resolve) => (release = resolve));
    let holding = false;
    // The first piece is answered before the second is sent: pausing earlier would abort the first piece's request
    // (its bytes sent, its answer not yet back), and the browser would ask for the offset once more on resuming.
    let secondPieceSent = () => {};
    const secondPieceHeld = new Promise<void>((resolve) => (secondPieceSent = resolve));
    await client.route('**/api/files/uploads/*', async (route) => {
      const request = route.request();
      if (request.method() === 'PATCH' && request.headers()['upload-offset'] === String(CHUNK) && !holding) {
        holding = true;
        secondPieceSent();
        await paused;
        // The browser dropped this request when the upload paused; it never reaches the server.
        await route.abort().catch(() => {});
        return;
      }
      await route.continue();
    });
    await openSpace(client, practice);
    const created = client.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/files/uploads');
    await share(client, { name, mimeType: 'application/pdf', buffer: bytes });
    const location = uploadPath(await created);
    await expect(progressBar(client)).toHaveAttribute('value', String(CHUNK));
    await expect(uploader(client).getByText('40% (8.0 MB of 20.0 MB)')).toBeVisible();
    await secondPieceHeld;

    await uploader(client).getByRole('button', { name: 'Pause' }).click();
    await expect(uploader(client).getByRole('status')).toHaveText('Upload paused. Press Resume to continue.');
    release();
    await expect(uploader(client).getByRole('button', { name: 'Resume' })).toBeVisible();
    await expect(uploader(client).getByText('40% (8.0 MB of 20.0 MB)')).toBeVisible();
    // The server holds the first piece, and nothing was lost by pausing.
    const held = await uploadState(client.request, location);
    expect(held.status()).toBe(200);
    expect(held.headers()['upload-offset']).toBe(String(CHUNK));

    await uploader(client).getByRole('button', { name: 'Resume' }).click();
    await expect(sharedStatus(client)).toBeVisible();
    await client.unroute('**/api/files/uploads/*');
    expect(seen).toEqual(['POST', 'PATCH 0', `PATCH ${CHUNK}`, 'HEAD', `PATCH ${CHUNK}`, `PATCH ${2 * CHUNK}`]);
    const fileId = location.split('/').pop()!;
    const stored = await client.request.get(contentPath(fileId));
    expect(sha256(await stored.body())).toBe(sha256(bytes));
    await expect(fileList(client).getByRole('listitem')).toHaveCount(1);

    // Cancel: the first piece is held until Cancel is pressed; the server then removes the upload.
    let releaseCancel = () => {};
    const cancelled = new Promise<void>((resolve) => (releaseCancel = resolve));
    await client.route('**/api/files/uploads/*', async (route) => {
      if (route.request().method() === 'PATCH') {
        await cancelled;
        await route.abort().catch(() => {});
        return;
      }
      await route.continue();
    });
    const second = client.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/files/uploads');
    await share(client, { name: 'not-this-one.pdf', mimeType: 'application/pdf', buffer: pdfBytes(12 * MiB) });
    const secondLocation = uploadPath(await second);
    await expect(uploader(client).getByRole('button', { name: 'Cancel' })).toBeEnabled();
    const terminated = client.waitForResponse((response) => response.request().method() === 'DELETE' && new URL(response.url()).pathname === secondLocation);
    await uploader(client).getByRole('button', { name: 'Cancel' }).click();
    releaseCancel();
    expect((await terminated).status()).toBe(204);
    await expect(uploader(client).getByRole('status')).toHaveText('Upload cancelled. Nothing was shared.');
    await expect(progressBar(client)).toHaveCount(0);
    await client.unroute('**/api/files/uploads/*');
    expect((await uploadState(client.request, secondLocation)).status()).toBe(404);
    await client.reload();
    await expect(fileList(client).getByRole('listitem')).toHaveCount(1);
    await expect(entry(client, 'not-this-one.pdf')).toHaveCount(0);
  });
});

test.describe('refused before anything is stored', () => {
  test('a program renamed report.pdf is refused by what it is, with the page’s message next to the uploader', async ({ practice, signedInAs }) => {
    const client = await signedInAs(practice.client);
    const seen = watchUploads(client);
    await openSpace(client, practice);

    // A Windows program named like a PDF, small and of a more usual size (past the 64 KiB the server reads to judge
    // a file, so the refusal comes while the rest is still arriving).
    for (const size of [4 * 1024, 300 * 1024]) {
      seen.length = 0;
      const program = Buffer.concat([Buffer.from('MZ'), crypto.randomBytes(size - 2)]);
      await share(client, { name: 'report.pdf', mimeType: 'application/pdf', buffer: program });
      await expect(uploader(client).getByRole('alert'), `a ${size}-byte program`).toHaveText(
        'This type of file cannot be shared. Allowed: PDF, Word (DOCX), plain text, PNG, JPEG, WebP and audio (M4A, AAC, MP3, WAV, OGG, WebM, FLAC).',
      );
      // Refused on the first piece, not retried.
      expect(seen).toEqual(['POST', 'PATCH 0']);
    }

    // Nothing was stored, for either of them.
    await client.reload();
    await expect(client.getByText('Nothing has been shared here yet.')).toBeVisible();
    const therapist = await signedInAs(practice.therapist);
    await therapist.goto(therapistFilesPath(practice));
    await expect(therapist.getByText('Nothing has been shared here yet.')).toBeVisible();
  });

  test('an empty file, and a file one byte over the practice’s limit, are refused at once', async ({ practice, signedInAs }) => {
    const client = await signedInAs(practice.client);
    const seen = watchUploads(client);
    await openSpace(client, practice);

    // Empty: refused on the page, before any request…
    await share(client, { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
    await expect(uploader(client).getByRole('alert')).toHaveText('The file is empty.');
    expect(seen).toEqual([]);
    // …and by the server, for a client that skips the page's check.
    const emptyUpload = await createUpload(client.request, { space: practice.careIds.client, kind: 'document', filename: 'empty.txt' }, 0);
    expect(emptyUpload.status()).toBe(400);
    expect(await emptyUpload.text()).toContain('The file is empty.');

    // The admin lowers the practice's limit to 1 MB on the recording settings page (rather than upload 500 MB).
    const admin = await signedInAs(practice.admin);
    await admin.goto('/admin/recording');
    await admin.getByLabel('Maximum upload size (MB)').fill('1');
    await admin.getByRole('button', { name: 'Save recording settings' }).click();
    await expect(admin.getByRole('status').filter({ hasText: 'Recording settings saved.' })).toBeVisible();

    await client.reload();
    await expect(uploader(client)).toContainText('Up to 1.0 MB.');
    await share(client, { name: 'scan.pdf', mimeType: 'application/pdf', buffer: pdfBytes(MiB + 1) });
    await expect(uploader(client).getByRole('alert')).toHaveText('The file is larger than your practice allows. This file is 1.0 MB; the limit is 1.0 MB.');
    expect(seen).toEqual([]);
    // The server holds the same line: one byte over is refused, exactly the limit is accepted (then cancelled).
    const fields = { space: practice.careIds.client, kind: 'document' as const, filename: 'scan.pdf' };
    const over = await createUpload(client.request, fields, MiB + 1);
    expect(over.status()).toBe(413);
    expect(await over.text()).toContain('The file is larger than your practice allows.');
    const atLimit = await createUpload(client.request, fields, MiB);
    expect(atLimit.status()).toBe(201);
    expect((await client.request.delete(uploadPath(atLimit), { headers: { 'Tus-Resumable': '1.0.0' } })).status()).toBe(204);

    // Nothing was stored, for either of them.
    await client.reload();
    await expect(client.getByText('Nothing has been shared here yet.')).toBeVisible();
    const therapist = await signedInAs(practice.therapist);
    await therapist.goto(therapistFilesPath(practice));
    await expect(therapist.getByText('Nothing has been shared here yet.')).toBeVisible();
  });
});

test.describe('recording a session', () => {
  test.describe.configure({ timeout: 300_000 });

  test('only under an agreement with the client’s yes; only the client listens; withdrawing removes it for both', async ({ practice, signedInAs, baseURL }) => {
    const client = await signedInAs(practice.client);
    const therapist = await signedInAs(practice.therapist);
    const recordingOf = (appointment: string) => ({ space: practice.careIds.client, kind: 'recording' as const, filename: 'session-recording.webm', appointment });

    // Without an agreement: the recorder page says why and offers no recorder, and the upload route refuses.
    await client.goto(`/portal/sessions/${practice.appointmentId}/record`);
    await expect(client.getByRole('heading', { name: 'Record this session', level: 1 })).toBeVisible();
    await expect(client.getByText('This session can’t be recorded here. Recordings can only be stored under a recording agreement in force')).toBeVisible();
    await expect(client.getByRole('button', { name: 'Start recording' })).toHaveCount(0);
    const noAgreement = await createUpload(client.request, recordingOf(practice.appointmentId), 'deferred');
    expect(noAgreement.status()).toBe(403);
    expect(await noAgreement.text()).toContain('Recordings can only be stored under a recording agreement in force');

    // An agreement, and a session in half an hour: still nothing without the client's yes for it.
    const start = await addSessionSoon(practice, therapist);
    await agreementInForce(baseURL!, practice, client, therapist);
    await client.goto('/portal/sessions');
    await expect(client.getByRole('link', { name: /^Record this session/ })).toHaveCount(0);

    await client.goto('/portal');
    const question = client.getByRole('group', { name: 'Still OK to record this session?' }).filter({ hasText: `${start}–` });
    await question.getByRole('button', { name: 'Yes', exact: true }).click();
    await expect(question.getByRole('button', { name: 'Yes', exact: true })).toHaveAttribute('aria-pressed', 'true');

    // The therapist may not record under 'client_upload'.
    await therapist.goto(`/practice/clients/${practice.client.id}/sessions`);
    await expect(therapist.getByRole('link', { name: /^Record this session/ })).toHaveCount(0);

    await client.goto('/portal/sessions');
    const recordLink = client.getByRole('link', { name: /^Record this session: / });
    await expect(recordLink).toHaveCount(1);
    const appointmentId = (await recordLink.getAttribute('href'))!.match(/^\/portal\/sessions\/([0-9a-f-]{36})\/record$/)![1];
    const notTheirs = await createUpload(therapist.request, recordingOf(appointmentId), 'deferred');
    expect(notTheirs.status()).toBe(403);
    expect(await notTheirs.text()).toContain('Under your agreement, the other person records sessions.');

    // The client records about five seconds with the fake microphone.
    await recordLink.click();
    await expect(client).toHaveURL(`/portal/sessions/${appointmentId}/record`);
    await client.getByRole('button', { name: 'Start recording' }).click();
    await expect(client.getByRole('status').filter({ hasText: /^Recording$/ })).toBeVisible();
    await expect(client.getByText(/^Saved so far: [1-9]/)).toBeVisible();
    // Both see that a session is being recorded now.
    await therapist.goto(therapistFilesPath(practice));
    await expect(therapist.getByText('A session is being recorded now')).toBeVisible();
    const elapsed = client.getByText(/^Elapsed time: \d\d:\d\d$/);
    await expect
      .poll(async () => {
        const [minutes, seconds] = (await elapsed.innerText()).slice(-5).split(':').map(Number);
        return minutes * 60 + seconds;
      })
      .toBeGreaterThanOrEqual(5);
    await client.getByRole('button', { name: 'Stop' }).click();
    await expect(client.getByText('Saved to your shared files under a neutral name.')).toBeVisible();
    await client.getByRole('link', { name: 'Go to your shared files' }).click();
    await expect(client).toHaveURL(spacePath(practice));

    const recording = entry(client, 'Session recording');
    await expect(recording).toHaveCount(1);
    await expect(recording).toContainText('session-recording.webm');
    const label = await labelOf(recording);
    const fileId = await fileIdOf(recording);

    // It plays on its page: the player loads it (a MediaRecorder WebM may report an endless duration until played).
    await recording.getByRole('link', { name: `Open ${label}` }).click();
    await expect(client.getByRole('heading', { name: label, level: 1 })).toBeVisible();
    const audio = client.getByLabel(`Play ${label}`);
    const played = client.waitForResponse((response) => response.url().endsWith(contentPath(fileId, 'play')));
    // Muted, so the browser's autoplay rule lets a script start it.
    await audio.evaluate((element: HTMLAudioElement) => {
      element.muted = true;
      void element.play().catch(() => element.load());
    });
    expect((await played).ok()).toBe(true);
    await expect
      .poll(() => audio.evaluate((element: HTMLAudioElement) => !element.error && element.readyState >= 1 && element.duration > 0), { timeout: 30_000 })
      .toBe(true);
    const content = await client.request.get(contentPath(fileId));
    expect(content.headers()['content-type']).toBe('audio/webm');
    expect((await content.body()).subarray(0, 4)).toEqual(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));

    // The therapist sees it listed, and why they can't play it; its content is refused to them.
    await therapist.goto(therapistFilesPath(practice));
    const theirs = entry(therapist, label);
    await expect(theirs).toContainText('Under your agreement, only the client may listen to recordings.');
    await expect(theirs.getByRole('link', { name: /^(Open|Download) / })).toHaveCount(0);
    for (const purpose of ['play', 'download'] as const) expect((await therapist.request.get(contentPath(fileId, purpose))).status()).toBe(403);

    // The client withdraws from the portal home, in two clicks.
    await client.goto('/portal');
    const status = client.getByRole('listitem').filter({ has: client.getByRole('heading', { name: `With ${practice.therapist.name}`, exact: true }) });
    await status.getByRole('button', { name: `Withdraw the agreement with ${practice.therapist.name}` }).click();
    await status.getByRole('button', { name: 'Yes, withdraw' }).click();
    await expect(status.getByRole('status')).toHaveText('Withdrawn. Nothing more will be recorded under this agreement.');

    // The deletion is due at once: both soon see a tombstone in its place.
    const tombstone = /^Removed on \d{4}-\d{2}-\d{2}: consent withdrawn$/;
    for (const [page, path] of [
      [client, spacePath(practice)],
      [therapist, therapistFilesPath(practice)],
    ] as const) {
      await expect
        .poll(
          async () => {
            await page.goto(path);
            return entry(page, label).getByText(tombstone).count();
          },
          { timeout: 30_000 },
        )
        .toBe(1);
      await expect(entry(page, label)).not.toContainText('session-recording.webm');
    }
    expect((await client.request.get(contentPath(fileId, 'play'))).status()).toBe(404);
  });
});

test.describe('abuse', () => {
  test('nobody but the two of them reaches the space, its files or its uploads; signed out is told to sign in', async ({
    practice,
    otherPractice,
    signedInAs,
    page,
  }) => {
    const client = await signedInAs(practice.client);
    const secret = 'Notes only my therapist should read.\n';
    const fileId = await uploadFile(client.request, { space: practice.careIds.client, kind: 'document', filename: 'private-notes.txt' }, Buffer.from(secret));
    const unfinished = Buffer.from('A second page of notes, half sent.\n'.repeat(40));
    const uploadAt = await startUpload(client.request, { space: practice.careIds.client, kind: 'document', filename: 'half.txt' }, unfinished, 100);

    const pages = [
      spacePath(practice),
      therapistFilesPath(practice),
      `/portal/files/${practice.careIds.client}/${fileId}`,
      `/practice/clients/${practice.client.id}/files/${fileId}`,
      `/notifications/files/${practice.careIds.client}`,
    ];
    const outsiders: [string, Person][] = [
      ['another therapist of the practice', practice.otherTherapist],
      ['a client of another therapist', practice.otherClient],
      ['a therapist of another practice', otherPractice.therapist],
      ['a client of another practice', otherPractice.client],
    ];
    for (const [who, person] of outsiders) {
      const outsider = await signedInAs(person);
      for (const path of pages) expect((await outsider.goto(path))?.status(), `${who} at ${path}`).toBe(404);
      for (const [what, response] of [
        ['download', await outsider.request.get(contentPath(fileId))],
        ['play with a range', await outsider.request.get(contentPath(fileId, 'play'), { headers: { Range: 'bytes=0-9' } })],
        ['the recording indicator', await outsider.request.get(`/api/files/spaces/${practice.careIds.client}/recording`)],
        ['HEAD of the upload', await uploadState(outsider.request, uploadAt)],
        ['PATCH of the upload', await sendBytes(outsider.request, uploadAt, 100, Buffer.from('Mallory was here.\n'))],
        ['DELETE of the upload', await outsider.request.delete(uploadAt, { headers: { 'Tus-Resumable': '1.0.0' } })],
      ] as const) {
        expect(response.status(), `${who}: ${what}`).toBe(404);
        expect(await response.text(), `${who}: ${what}`).not.toContain('Notes only');
      }
    }
    // The upload is as the client left it, and still theirs to finish.
    const state = await uploadState(client.request, uploadAt);
    expect(state.status()).toBe(200);
    expect(state.headers()['upload-offset']).toBe('100');
    expect((await sendBytes(client.request, uploadAt, 100, unfinished.subarray(100))).status()).toBe(204);

    // Signed out: the content route asks for a sign-in, and so does the upload route.
    expect((await page.request.get(contentPath(fileId))).status()).toBe(401);
    expect((await page.request.get(contentPath(fileId, 'play'), { headers: { Range: 'bytes=0-9' } })).status()).toBe(401);
    expect((await uploadState(page.request, uploadAt)).status()).toBe(401);

    // Their own therapist gets it, never cached, never sniffed as something else, as an attachment.
    const therapist = await signedInAs(practice.therapist);
    const download = await therapist.request.get(contentPath(fileId));
    expect(download.status()).toBe(200);
    expect(await download.text()).toBe(secret);
    const headers = download.headers();
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['content-type']).toBe('text/plain');
    expect(headers['content-disposition']).toBe(`attachment; filename="private-notes.txt"; filename*=UTF-8''private-notes.txt`);
    const part = await therapist.request.get(contentPath(fileId, 'play'), { headers: { Range: 'bytes=0-9' } });
    expect(part.status()).toBe(206);
    expect(part.headers()['content-range']).toBe(`bytes 0-9/${Buffer.byteLength(secret)}`);
    expect(part.headers()['cache-control']).toBe('no-store');
    expect(part.headers()['x-content-type-options']).toBe('nosniff');
    expect(part.headers()['content-disposition']).toMatch(/^inline; /);
    expect(await part.text()).toBe(secret.slice(0, 10));
  });

  test('a file name with a path, control and bidi characters is stored under a safe name', async ({ practice, signedInAs }) => {
    const client = await signedInAs(practice.client);
    const therapist = await signedInAs(practice.therapist);
    const evil = '../../etc/passwd\u0000\u202e.txt';
    // Slashes, controls (\p{Cc}), and the marks that reverse or isolate text.
    const unsafe = /[/\\\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

    // Through the page, as a person would choose it…
    await openSpace(client, practice);
    await share(client, { name: evil, mimeType: 'text/plain', buffer: Buffer.from('Chosen through the page.\n') });
    await expect(sharedStatus(client)).toBeVisible();
    // …and sent raw, as a script would, in case the browser tidied the name first.
    const rawId = await uploadFile(client.request, { space: practice.careIds.client, kind: 'document', filename: evil }, Buffer.from('Sent raw.\n'));

    await client.reload();
    const items = fileList(client).getByRole('listitem');
    await expect(items).toHaveCount(2);
    for (const item of await items.all()) {
      const lines = (await item.innerText()).split('\n');
      // The name as listed: the last part of the path, without the controls or the bidi override.
      expect(lines.find((line) => line.includes('passwd'))?.trim()).toBe('passwd.txt');
      for (const line of lines) expect(line).not.toMatch(unsafe);
    }
    const raw = await therapist.request.get(contentPath(rawId));
    expect(raw.status()).toBe(200);
    expect(await raw.text()).toBe('Sent raw.\n');
    const disposition = raw.headers()['content-disposition'];
    expect(disposition).toBe(`attachment; filename="passwd.txt"; filename*=UTF-8''passwd.txt`);
    expect(decodeURIComponent(disposition.split("''")[1])).not.toMatch(unsafe);
    expect(raw.headers()['cache-control']).toBe('no-store');
    expect(raw.headers()['x-content-type-options']).toBe('nosniff');

    // The therapist's list shows the same safe names.
    await therapist.goto(therapistFilesPath(practice));
    for (const item of await fileList(therapist).getByRole('listitem').all()) {
      const lines = (await item.innerText()).split('\n');
      expect(lines.find((line) => line.includes('passwd'))?.trim()).toBe('passwd.txt');
      for (const line of lines) expect(line).not.toMatch(unsafe);
    }
  });
});
