// The journal end to end, in a practice of each test's own: a client writes about yesterday's session while the
// connection drops and comes back, and after a reload every word is there; sharing an entry with the therapist, who
// reads it (the client sees when), then revoking, after which the therapist's link is a 404 and nobody else ever
// opens it; script in an entry shows as text for both; two tabs on one entry never overwrite each other silently;
// oversize text is refused with a clear message; search, the mood chart and the exports.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { todayInTimeZone } from '../lib/platform/clock';
import { expect, test, type Practice } from './fixtures';

const DAY_MS = 24 * 60 * 60 * 1000;
const ENTRY_PATH = /\/portal\/journal\/([0-9a-f-]{36})$/;

/** No serious or critical axe violation on the page as it is now (states the page matrix cannot reach). */
async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(serious, `axe on ${what}`).toEqual([]);
}

/** The editor's save state (its status line). */
const saveState = (page: Page) => page.getByRole('form', { name: 'Journal entry' }).getByRole('status');

/** Starts a new entry from the journal page, the way a client would. */
async function newEntry(page: Page) {
  await page.goto('/portal/journal');
  await page.getByRole('link', { name: 'Write a new entry' }).click();
  await expect(page).toHaveURL('/portal/journal/new');
  await expect(saveState(page)).toHaveText('Start writing: your entry saves as you type.');
}

/** The entry's id, once its first save has given the page the entry's own address. */
async function savedEntryId(page: Page) {
  await expect(saveState(page)).toHaveText('Saved');
  await expect(page).toHaveURL(ENTRY_PATH);
  return page.url().match(ENTRY_PATH)![1];
}

/** The therapist adds a session yesterday on the client's sessions page. */
async function sessionYesterday(therapist: Page, practice: Practice) {
  await therapist.goto(`/practice/clients/${practice.client.id}/sessions`);
  const form = therapist.locator('form').filter({ has: therapist.getByRole('button', { name: 'Add session' }) });
  await form.getByLabel('Date').fill(todayInTimeZone(practice.timeZone, new Date(Date.now() - DAY_MS)));
  await form.getByLabel('Start time').fill('09:00');
  await form.getByRole('button', { name: 'Add session' }).click();
  await expect(therapist.getByRole('status').filter({ hasText: 'Session added' })).toBeVisible();
}

async function shareWithTherapist(client: Page, practice: Practice) {
  await client.getByLabel('Share with').selectOption({ label: practice.therapist.name });
  await client.getByRole('button', { name: 'Share this entry' }).click();
  await expect(client.getByText(`Shared with ${practice.therapist.name} on`)).toBeVisible();
}

test('a client writes about yesterday’s session, the connection drops mid-typing, and after reload the whole draft is there', async ({ practice, signedInAs }) => {
  const therapist = await signedInAs(practice.therapist);
  await sessionYesterday(therapist, practice);

  const client = await signedInAs(practice.client, { viewport: { width: 390, height: 844 } });
  await newEntry(client);
  await client.getByLabel('Title', { exact: true }).fill('After yesterday’s session');
  const session = client.getByLabel('About a session');
  await expect(session.locator('option')).toHaveCount(2);
  await session.selectOption({ index: 1 });
  const keyPoints = client.getByLabel('Key points');
  await keyPoints.pressSequentially('The dread starts on Saturday evening.');
  await savedEntryId(client);

  // The connection drops: typing goes on, and the page says it will save later.
  await client.context().setOffline(true);
  await client.getByLabel('What I learned').pressSequentially('Noticing it early gives me room.');
  await expect(saveState(client)).toHaveText('Offline — will save when you’re back online');
  await keyPoints.press('End');
  await keyPoints.pressSequentially(' Sunday is easier.');
  await client.getByLabel('Mood').selectOption('6');
  await expect(saveState(client)).toHaveText('Offline — will save when you’re back online');

  await client.context().setOffline(false);
  await expect(saveState(client)).toHaveText('Saved');
  await client.reload();
  await expect(client.getByLabel('Title', { exact: true })).toHaveValue('After yesterday’s session');
  await expect(client.getByLabel('Key points')).toHaveValue('The dread starts on Saturday evening. Sunday is easier.');
  await expect(client.getByLabel('What I learned')).toHaveValue('Noticing it early gives me room.');
  await expect(client.getByLabel('Mood')).toHaveValue('6');
  await expect(client.getByLabel('About a session').locator('option:checked')).not.toHaveText('No particular session');
  await expect(saveState(client)).toHaveText('Saved');

  // In the journal: listed, private.
  await client.getByRole('link', { name: 'Journal', exact: true }).first().click();
  const item = client.getByRole('list', { name: 'Journal entries, latest first' }).getByRole('listitem');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('After yesterday’s session');
  await expect(item).toContainText('Mood 6 of 10');
  await expect(item).toContainText('Private');
});

test('a client shares an entry with their therapist, who reads it; once revoked the therapist’s link is a 404, and nobody else ever opens it', async ({
  practice,
  otherPractice,
  signedInAs,
}) => {
  const client = await signedInAs(practice.client);
  await newEntry(client);
  await client.getByLabel('Title', { exact: true }).fill('For my therapist');
  await client.getByLabel('Free writing').fill('I would like to talk about the deadline first.');
  const entryId = await savedEntryId(client);
  await shareWithTherapist(client, practice);
  await expect(client.getByText(`${practice.therapist.name} has not opened it yet.`)).toBeVisible();

  const therapist = await signedInAs(practice.therapist);
  await therapist.goto(`/practice/clients/${practice.client.id}`);
  await therapist.getByRole('link', { name: `Journal entries shared by ${practice.client.name}` }).click();
  const shared = therapist.getByRole('list', { name: 'Shared journal entries, latest share first' }).getByRole('listitem');
  await expect(shared).toHaveCount(1);
  await expect(shared).toContainText('Shared with you on');
  await shared.getByRole('link', { name: 'For my therapist' }).click();
  await expect(therapist.getByRole('heading', { name: 'For my therapist', level: 1 })).toBeVisible();
  await expect(therapist.getByText('I would like to talk about the deadline first.')).toBeVisible();
  const sharedPath = new URL(therapist.url()).pathname;
  expect(sharedPath).toBe(`/practice/clients/${practice.client.id}/journal/${entryId}`);

  // The client sees that it was opened, and when.
  await client.reload();
  await expect(client.getByText(`${practice.therapist.name} first opened it on`)).toBeVisible();
  await expectAccessible(client, 'a shared entry, as its client');
  await expectAccessible(therapist, 'a shared entry, as the therapist');

  // Nobody else: the other therapist, the other practice's client (page and autosave), nor a client's other entry.
  const otherTherapist = await signedInAs(practice.otherTherapist);
  expect((await otherTherapist.goto(sharedPath))?.status()).toBe(404);
  expect((await otherTherapist.goto(`/practice/clients/${practice.client.id}/journal`))?.status()).toBe(404);
  const stranger = await signedInAs(otherPractice.client);
  expect((await stranger.goto(`/portal/journal/${entryId}`))?.status()).toBe(404);
  const overwrite = await stranger.request.put(`/api/journal/entries/${entryId}`, {
    data: {
      baseVersion: 1,
      editor: 'stranger-tab',
      seq: 1,
      entryDate: todayInTimeZone(otherPractice.timeZone, new Date(Date.now() - DAY_MS)),
      appointmentId: null,
      content: { title: 'Mine now', prompts: { keyPoints: '', learned: '', practise: '', feeling: '' }, text: '', mood: null, tags: [] },
    },
  });
  expect(overwrite.status()).toBe(404);

  // Revoked: the therapist's link is a 404, and the list is empty.
  await client.getByRole('button', { name: 'Stop sharing' }).click();
  await expect(client.getByText('No longer shared. Your therapist can no longer open this entry.')).toBeVisible();
  expect((await therapist.goto(sharedPath))?.status()).toBe(404);
  await therapist.goto(`/practice/clients/${practice.client.id}/journal`);
  await expect(therapist.getByText(`${practice.client.name} has not shared any journal entries with you.`)).toBeVisible();
  await client.reload();
  await expect(client.getByLabel('Free writing')).toHaveValue('I would like to talk about the deadline first.');
});

test('script in an entry shows as text in the preview and on the therapist’s page, and runs nowhere', async ({ practice, signedInAs }) => {
  const injection = '<script>window.__journalInjected = true</script> <img src=x onerror="window.__journalInjected = true"> [click me](javascript:window.__journalInjected=true)';
  const injected = (page: Page) => page.evaluate(() => (window as unknown as { __journalInjected?: boolean }).__journalInjected ?? false);
  const client = await signedInAs(practice.client);
  await newEntry(client);
  await client.getByLabel('Title', { exact: true }).fill('<b>Bold?</b>');
  await client.getByLabel('Free writing').fill(injection);
  await savedEntryId(client);
  await client.getByText('Preview', { exact: true }).click();
  const preview = client.locator('details').filter({ hasText: 'Preview' });
  await expect(preview.getByText('<script>window.__journalInjected = true</script>', { exact: false })).toBeVisible();
  await expect(preview.locator('img, script')).toHaveCount(0);
  await expect(preview.getByRole('link', { name: 'click me' })).toHaveCount(0);
  await shareWithTherapist(client, practice);
  await client.reload();
  expect(await injected(client)).toBe(false);

  const therapist = await signedInAs(practice.therapist);
  await therapist.goto(`/practice/clients/${practice.client.id}/journal`);
  await therapist.getByRole('link', { name: '<b>Bold?</b>' }).click();
  await expect(therapist.getByRole('heading', { name: '<b>Bold?</b>', level: 1 })).toBeVisible();
  const article = therapist.getByRole('article');
  await expect(article.getByText('<script>window.__journalInjected = true</script>', { exact: false })).toBeVisible();
  await expect(article.locator('img, script')).toHaveCount(0);
  await expect(article.getByRole('link')).toHaveCount(0);
  expect(await injected(therapist)).toBe(false);
});

test('two tabs on one entry never overwrite each other silently: the second is shown both versions and combines them', async ({ practice, signedInAs }) => {
  const first = await signedInAs(practice.client);
  await newEntry(first);
  await first.getByLabel('Free writing').fill('Written in the first tab.');
  const entryId = await savedEntryId(first);

  const second = await first.context().newPage();
  await second.goto(`/portal/journal/${entryId}`);
  await expect(second.getByLabel('Free writing')).toHaveValue('Written in the first tab.');

  await first.getByLabel('Free writing').press('End');
  await first.getByLabel('Free writing').pressSequentially(' More from the first.');
  await expect(saveState(first)).toHaveText('Saved');

  await second.getByLabel('How I feel').fill('Calm, from the second tab.');
  await expect(saveState(second)).toHaveText('Conflict — this entry was changed in another tab or window');
  const conflict = second.getByRole('region', { name: 'This entry was changed in another tab or window' });
  await expect(conflict).toBeVisible();
  const differences = conflict.getByRole('list', { name: 'Differences between the two versions' }).getByRole('listitem');
  await expect(differences.filter({ hasText: 'Free writing' })).toContainText('Written in the first tab. More from the first.');
  await expect(differences.filter({ hasText: 'How I feel' })).toContainText('Calm, from the second tab.');
  await expectAccessible(second, 'the conflict between two tabs');
  await conflict.getByRole('button', { name: 'Combine both' }).click();
  await expect(saveState(second)).toHaveText('Saved');
  await expect(conflict).toHaveCount(0);

  await first.reload();
  await expect(first.getByLabel('Free writing')).toHaveValue('Written in the first tab. More from the first.');
  await expect(first.getByLabel('How I feel')).toHaveValue('Calm, from the second tab.');
});

test('oversize text is refused with a clear message and saved once it fits', async ({ practice, signedInAs }) => {
  const client = await signedInAs(practice.client);
  await newEntry(client);
  await client.getByLabel('Title', { exact: true }).fill('Long');
  await savedEntryId(client);
  const text = client.getByLabel('Free writing');
  await text.fill('x'.repeat(20_001));
  await expect(saveState(client)).toHaveText('Not saved: please check the highlighted fields.');
  await expect(client.getByText('Keep “Free writing” under 20,000 characters.')).toBeVisible();
  await expect(text).toHaveAttribute('aria-invalid', 'true');
  await text.press('End');
  await text.press('Backspace');
  await expect(saveState(client)).toHaveText('Saved');
  await client.reload();
  await expect(client.getByLabel('Free writing')).toHaveValue('x'.repeat(20_000));

  // Deleted in two clicks, and gone from the list.
  await client.getByRole('button', { name: 'Delete this entry' }).click();
  await expect(client.getByRole('heading', { name: 'Delete this entry for good?', level: 2 })).toBeFocused();
  await client.getByRole('button', { name: 'Delete for good' }).click();
  await expect(client.getByText('The entry was deleted.')).toBeVisible();
  await expect(client.getByRole('link', { name: /Long/ })).toHaveCount(0);
});

test('search, the mood chart with its table, and the exports', async ({ practice, signedInAs }) => {
  const client = await signedInAs(practice.client);
  for (const [title, text, mood, tags] of [
    ['Box breathing', 'Practised box breathing on the bus.', '7', 'breathing, commute'],
    ['Walk by the river', 'A long walk, no phone.', '5', 'outdoors'],
  ]) {
    await newEntry(client);
    await client.getByLabel('Title', { exact: true }).fill(title);
    await client.getByLabel('Free writing').fill(text);
    await client.getByLabel('Mood').selectOption(mood);
    await client.getByLabel('Tags').fill(tags);
    await savedEntryId(client);
  }
  await client.goto('/portal/journal');
  const search = client.getByRole('search', { name: 'Search your journal' });
  await search.getByLabel('Words').fill('breath');
  await search.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(client.getByText('1 entry matches.')).toBeVisible();
  await expect(client.getByRole('list', { name: 'Matching entries, latest first' }).getByRole('link')).toHaveText(['Box breathing']);
  await search.getByLabel('Words').fill('');
  await search.getByLabel('Mood up to').selectOption('5');
  await search.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(client.getByRole('list', { name: 'Matching entries, latest first' }).getByRole('link')).toHaveText(['Walk by the river']);
  await search.getByRole('button', { name: 'Clear the search' }).click();
  await expect(client.getByRole('list', { name: 'Journal entries, latest first' }).getByRole('listitem')).toHaveCount(2);

  const chart = client.getByRole('img', { name: /^Mood from / });
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAccessibleDescription(/^1 day with a mood: 6 on /);
  await client.getByText('Show the moods as a table').click();
  await expect(client.getByRole('table').getByRole('row')).toHaveCount(2);
  await expectAccessible(client, 'the journal with entries, search results and the mood chart');

  const markdown = await client.request.get('/api/journal/export/markdown');
  expect(markdown.headers()['content-type']).toBe('text/markdown; charset=utf-8');
  expect(markdown.headers()['cache-control']).toBe('no-store');
  expect(markdown.headers()['content-disposition']).toMatch(/^attachment; filename="journal-\d{4}-\d{2}-\d{2}\.md"$/);
  const text = await markdown.text();
  expect(text).toContain('Practised box breathing on the bus.');
  expect(text).toContain('_Mood: 5 of 10 · Tags: outdoors_');
  const pdf = await client.request.get('/api/journal/export/pdf');
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
});
