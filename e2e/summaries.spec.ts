// Session summaries and the between-session companion end to end, in a practice of the test's own: the therapist adds
// an exercise to their library, writes the summary of a past session (an exercise copied from the library, one written
// for the client, and text that tries to inject script), saves a draft, shares it, composes and releases an episode;
// the client reads the notes as text, plays the episode (the audio loads and has a length), and starts a journal entry
// from it; an edit shows as an edit with the earlier version kept; and nobody else opens the summary or the episode.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { todayInTimeZone } from '../lib/platform/clock';
import { expect, test } from './fixtures';

const INJECTION = '<script>window.__injected = true</script><img src=x onerror="window.__injected = true">';
const KEY_POINT = 'Sunday evenings bring dread about the week.';
const JOURNAL_LINK = /^\/portal\/journal\/new\?summary=[0-9a-f-]{36}$/;

/** No serious or critical axe violation on the page as it is now (these pages are not in the page matrix's sample). */
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ rule: violation.id, nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')) }));
  expect(serious, `axe on ${page.url()}`).toEqual([]);
}

/** Phone-first: nothing wider than the screen. */
async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

/** Nothing the therapist wrote ran in the page. */
const injected = (page: Page) => page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected ?? false);

test('a therapist writes and shares a summary, releases an episode, and the client reads it, plays it and starts a journal entry', async ({
  practice,
  otherPractice,
  signedInAs,
}) => {
  test.slow();
  const therapist = await signedInAs(practice.therapist);
  const clientName = practice.client.name;
  const firstName = clientName.split(' ')[0];

  // The library: one exercise to copy into summaries.
  await therapist.getByRole('link', { name: 'Exercises' }).click();
  await expect(therapist.getByRole('heading', { name: 'Your exercises', level: 1 })).toBeVisible();
  const addExercise = therapist.locator('form').filter({ has: therapist.getByRole('button', { name: 'Add to library' }) });
  await addExercise.getByLabel('Title').fill('Box breathing');
  await addExercise.getByLabel('Instructions').fill('Breathe in for four.\nHold for four.\nBreathe out for four.');
  await addExercise.getByRole('button', { name: 'Add to library' }).click();
  await expect(therapist.getByRole('status').filter({ hasText: 'Exercise added to your library.' })).toBeVisible();
  await expect(therapist.getByRole('list', { name: 'Your exercises' }).getByRole('heading', { name: 'Box breathing' })).toBeVisible();

  // A session two days ago, added on the sessions page, then its summary.
  await therapist.goto(`/practice/clients/${practice.client.id}/sessions`);
  const twoDaysAgo = todayInTimeZone(practice.timeZone, new Date(Date.now() - 2 * 24 * 60 * 60 * 1000));
  const addSession = therapist.locator('form').filter({ has: therapist.getByRole('button', { name: 'Add session' }) });
  await addSession.getByLabel('Date').fill(twoDaysAgo);
  await addSession.getByLabel('Start time').fill('09:00');
  await addSession.getByRole('button', { name: 'Add session' }).click();
  await expect(therapist.getByRole('status').filter({ hasText: 'Session added' })).toBeVisible();
  const summaries = therapist.getByRole('list', { name: 'Summaries of past sessions' });
  await expect(summaries.getByText('No summary yet')).toBeVisible();
  await summaries.getByRole('link', { name: /^Write summary/ }).click();
  await expect(therapist).toHaveURL(/\/practice\/clients\/[0-9a-f-]{36}\/sessions\/[0-9a-f-]{36}\/summary$/);
  const summaryPath = new URL(therapist.url()).pathname;

  await therapist.getByLabel('Key points').fill(`${KEY_POINT}\n${INJECTION}`);
  await therapist.getByLabel('Homework (optional)').fill('Write down one worry each evening.');
  await therapist.getByRole('button', { name: 'Add to summary' }).click();
  await expect(therapist.getByLabel('Title of exercise 1')).toHaveValue('Box breathing');
  await therapist.getByRole('button', { name: `Write an exercise for ${firstName}` }).click();
  await therapist.getByLabel('Title of exercise 2').fill('Five things');
  // Half an exercise is refused, and everything typed stays.
  await therapist.getByRole('button', { name: 'Save draft' }).click();
  await expect(therapist.getByText('Write what the exercise asks, or remove it.')).toBeVisible();
  await expect(therapist.getByLabel('Key points')).toHaveValue(`${KEY_POINT}\n${INJECTION}`);
  await therapist.getByLabel('Instructions of exercise 2').fill('Name five things you can see.');
  await therapist.getByRole('button', { name: 'Save draft' }).click();
  await expect(therapist.getByRole('status').filter({ hasText: 'Draft saved.' })).toBeVisible();
  await therapist.getByRole('button', { name: `Share with ${clientName}` }).click();
  await expect(therapist.getByRole('status').filter({ hasText: 'Shared.' })).toBeVisible();
  await expect(therapist.getByRole('button', { name: 'Save and share changes' })).toBeVisible();
  await expectAccessible(therapist);

  // The episode: composed, previewed as text with its pauses, released.
  await therapist.getByRole('link', { name: `Between-session audio for ${clientName}` }).click();
  await therapist.getByLabel('The exercise it guides').selectOption({ label: 'Box breathing' });
  await therapist.getByRole('button', { name: 'Compose the episode' }).click();
  await expect(therapist.getByRole('status').filter({ hasText: 'Composed.' })).toBeVisible();
  const episode = therapist.getByRole('list', { name: 'Episodes of this session' }).getByRole('article');
  await expect(episode.getByText(/^Draft:/)).toBeVisible();
  await expect(episode.getByText(`Hello ${firstName}.`, { exact: false })).toBeVisible();
  await expect(episode.getByText(KEY_POINT, { exact: false })).toBeVisible();
  await expect(episode.getByText('[pause 5s]', { exact: false })).toBeVisible();
  await expectAccessible(therapist);
  await therapist.getByRole('button', { name: `Release to ${clientName}` }).click();
  await expect(therapist.getByRole('status').filter({ hasText: 'Released.' }).first()).toBeVisible();
  expect(await injected(therapist)).toBe(false);

  // The client, on a phone: the notes, shown as text.
  const client = await signedInAs(practice.client, { viewport: { width: 390, height: 844 } });
  await client.getByRole('link', { name: 'Session notes' }).click();
  await expect(client.getByRole('heading', { name: 'Session notes', level: 1 })).toBeVisible();
  await client.getByRole('list', { name: 'Session notes, latest session first' }).getByRole('link').first().click();
  await expect(client.getByRole('heading', { name: /^Notes from your session on / })).toBeVisible();
  await expect(client.getByText(INJECTION, { exact: false })).toBeVisible();
  await expect(client.getByText(KEY_POINT, { exact: false })).toBeVisible();
  await expect(client.getByRole('heading', { name: 'Box breathing' })).toBeVisible();
  await expect(client.getByRole('heading', { name: 'Five things' })).toBeVisible();
  expect(await injected(client)).toBe(false);
  const journal = client.getByRole('link', { name: 'Start a journal entry from this' });
  expect(await journal.getAttribute('href')).toMatch(JOURNAL_LINK);
  const summaryPage = new URL(client.url()).pathname;
  await expectAccessible(client);
  await expectNoSidewaysScroll(client);

  // The episode reaches the client once its audio is made (a job on the server).
  const episodeLink = client.getByRole('list', { name: 'Between-session audio, latest first' }).getByRole('link');
  await expect(async () => {
    await client.reload();
    await expect(episodeLink).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await episodeLink.click();
  await expect(client).toHaveURL(/\/portal\/companion\/[0-9a-f-]{36}$/);
  const episodePath = new URL(client.url()).pathname;

  const audio = client.locator('audio');
  await expect.poll(() => audio.evaluate((element: HTMLAudioElement) => element.readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  expect(await audio.evaluate((element: HTMLAudioElement) => element.duration)).toBeGreaterThan(10);
  await client.getByLabel('Playback speed').selectOption('1.5');
  expect(await audio.evaluate((element: HTMLAudioElement) => element.playbackRate)).toBe(1.5);
  const audioPath = (await client.getByRole('link', { name: /^Download/ }).getAttribute('href'))!;
  expect(audioPath).toMatch(/^\/api\/files\/[0-9a-f-]{36}\/content\?purpose=download$/);
  await expect(client.getByRole('button', { name: 'Listen with my device’s voice instead' })).toBeVisible();
  await expect(client.getByRole('heading', { name: 'Transcript' })).toBeVisible();
  await expect(client.getByText(KEY_POINT, { exact: false })).toBeVisible();
  await expect(client.getByText('[pause 5s]').first()).toBeVisible();
  expect(await injected(client)).toBe(false);
  const fromEpisode = client.getByRole('link', { name: 'Start a journal entry from this' });
  expect(await fromEpisode.getAttribute('href')).toMatch(JOURNAL_LINK);
  expect(await fromEpisode.getAttribute('href')).toBe(await journal.getAttribute('href'));
  await expectAccessible(client);
  await expectNoSidewaysScroll(client);

  // An edit is visible as an edit, the earlier text kept.
  await therapist.goto(summaryPath);
  await therapist.getByLabel('Key points').fill('A clearer first point.');
  await therapist.getByRole('button', { name: 'Save and share changes' }).click();
  await expect(therapist.getByRole('status').filter({ hasText: 'Changes shared.' })).toBeVisible();
  await client.goto(summaryPage);
  await expect(client.getByRole('note').filter({ hasText: /^Edited on / })).toBeVisible();
  await expect(client.getByText('A clearer first point.')).toBeVisible();
  await client.getByText(/^Version 1, from /).click();
  await expect(client.getByText(KEY_POINT, { exact: false })).toBeVisible();

  // Nobody else: the other therapist, and a client and therapist of another practice.
  const outsiders = [await signedInAs(practice.otherTherapist), await signedInAs(otherPractice.client), await signedInAs(otherPractice.therapist)];
  for (const outsider of outsiders) {
    for (const path of [summaryPath, summaryPath.replace(/\/summary$/, '/companion'), summaryPage, episodePath]) {
      expect((await outsider.goto(path))?.status(), path).toBe(404);
    }
  }

  // The therapist takes the episode back, in two clicks: the client no longer finds it, nor its audio.
  await therapist.goto(summaryPath.replace(/\/summary$/, '/companion'));
  const released = therapist.getByRole('article', { name: 'After the session' });
  await released.getByRole('button', { name: 'Withdraw After the session' }).click();
  await expect(released.getByRole('heading', { name: `Withdraw “After the session” from ${clientName}?` })).toBeFocused();
  await released.getByRole('button', { name: 'Keep it' }).click();
  await expect(released.getByRole('button', { name: 'Withdraw After the session' })).toBeFocused();
  await released.getByRole('button', { name: 'Withdraw After the session' }).click();
  await released.getByRole('button', { name: 'Withdraw for good' }).click();
  await expect(released.getByRole('status').filter({ hasText: /^Withdrawn on / })).toBeVisible();
  await expect(released.locator('audio')).toHaveCount(0);
  expect((await client.goto(episodePath))?.status()).toBe(404);
  expect((await client.request.get(audioPath)).status()).toBe(404);
  await client.goto(summaryPage);
  await expect(client.getByRole('list', { name: 'Between-session audio, latest first' })).toHaveCount(0);
});
