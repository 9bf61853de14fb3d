// Reflection reminders from the client's side: setting them (with a refused time that keeps what was typed), and the
// one-click set-up offered after a recording discussion that chose journaling instead. Each test has its own practice.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { alertWith } from './helpers';

const PHONE = { width: 390, height: 844 };

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ rule: violation.id, nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')) }));
  expect(serious, `axe on ${page.url()}`).toEqual([]);
}

async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

/** A card of the page, found by its heading. */
const card = (page: Page, title: string) => page.locator('section').filter({ has: page.getByRole('heading', { name: title, level: 2, exact: true }) });
const yourReminders = (page: Page) => card(page, 'Your reminders');

test.describe('reflection reminders', () => {
  test('the client sets reminders; a bad time is refused on its field and nothing typed is lost', async ({ practice, signedInAs }) => {
    const client = await signedInAs(practice.client, { viewport: PHONE });
    await client.goto('/portal');
    await client.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reminders' }).click();
    await expect(client.getByRole('heading', { name: 'Reminders to reflect', level: 1 })).toBeVisible();
    await expect(yourReminders(client)).toContainText('You have no reminders set.');
    // The time zone starts at the practice's.
    await expect(client.getByLabel('Your time zone')).toHaveValue(practice.timeZone);

    await client.getByLabel('Remind me the evening after each session').check();
    await client.getByLabel('Evening reminder time').fill('7pm');
    await client.getByLabel('Remind me every week').check();
    const days = client.getByRole('group', { name: 'Days of the week' });
    await days.getByLabel('Monday').check();
    await days.getByLabel('Thursday').check();
    await client.getByLabel('Weekly reminder time').fill('08:30');
    await client.getByLabel('Your time zone').selectOption('Europe/London');
    await client.getByLabel('Also send me an email').check();
    await client.getByRole('button', { name: 'Save reminders' }).click();

    await expect(alertWith(client, 'Please check the highlighted fields.')).toBeVisible();
    const eveningTime = client.getByLabel('Evening reminder time');
    await expect(eveningTime).toHaveAttribute('aria-invalid', 'true');
    await expect(eveningTime).toHaveAccessibleDescription(/Enter a time on the 24-hour clock, like 19:00\./);
    // Everything typed and ticked is still there.
    await expect(eveningTime).toHaveValue('7pm');
    await expect(client.getByLabel('Remind me the evening after each session')).toBeChecked();
    await expect(client.getByLabel('Remind me every week')).toBeChecked();
    await expect(days.getByLabel('Monday')).toBeChecked();
    await expect(days.getByLabel('Thursday')).toBeChecked();
    await expect(days.getByLabel('Tuesday')).not.toBeChecked();
    await expect(client.getByLabel('Weekly reminder time')).toHaveValue('08:30');
    await expect(client.getByLabel('Your time zone')).toHaveValue('Europe/London');
    await expect(client.getByLabel('Also send me an email')).toBeChecked();
    await expect(yourReminders(client)).toContainText('You have no reminders set.');
    await expectAccessible(client);
    await expectNoSidewaysScroll(client);

    await eveningTime.fill('19:30');
    await client.getByRole('button', { name: 'Save reminders' }).click();
    await expect(client.getByRole('status').filter({ hasText: 'Saved. Your reminders are set.' })).toBeVisible();
    const expectSaved = async () => {
      const saved = yourReminders(client);
      await expect(saved).toContainText('The evening after each session at 19:30');
      await expect(saved).toContainText('Mondays and Thursdays at 08:30');
      await expect(saved).toContainText('With an email');
      await expect(saved).toContainText('Europe/London time');
      // The client has a session tomorrow and a weekly rule: the next reminder is named, in their zone.
      await expect(saved).toContainText(/Next reminder: \w+day,? \d{1,2} \w+,? (at )?\d{2}:\d{2}/);
    };
    await expectSaved();
    await client.reload();
    await expectSaved();
    await expect(client.getByLabel('Evening reminder time')).toHaveValue('19:30');
    await expect(client.getByLabel('Your time zone')).toHaveValue('Europe/London');

    // Turning both off: no reminders.
    await client.getByLabel('Remind me the evening after each session').uncheck();
    await client.getByLabel('Remind me every week').uncheck();
    await client.getByRole('button', { name: 'Save reminders' }).click();
    await expect(client.getByRole('status').filter({ hasText: 'Saved. You will get no reminders.' })).toBeVisible();
    await expect(yourReminders(client)).toContainText('You have no reminders set.');
  });

  test('after saying no to recording with journaling chosen, the client sets reminders up in one click', async ({ practice, signedInAs }) => {
    const client = await signedInAs(practice.client, { viewport: PHONE });
    await client.goto('/portal');
    await expect(client.getByRole('button', { name: 'Set up reminders' })).toHaveCount(0);

    // The client opens the conversation, then says no, choosing journaling instead.
    await client.goto('/portal/recording/new');
    await client.getByLabel('Self-reflection').check();
    await client.getByRole('button', { name: 'Start the conversation' }).click();
    await expect(client).toHaveURL(/\/portal\/recording\/requests\/[0-9a-f-]{36}$/);
    await client.getByRole('button', { name: 'Say no to recording' }).click();
    await client.getByRole('group', { name: 'Instead of recording (optional)' }).getByLabel('Journaling after sessions').check();
    await client.getByRole('button', { name: 'Confirm: no recording' }).click();
    await expect(client.getByText('Declined: not recording', { exact: true })).toBeVisible();

    await client.goto('/portal');
    const offer = card(client, 'Reminders to reflect');
    await expect(offer).toContainText('the evening after each session, at 19:00');
    await expectAccessible(client);
    await offer.getByRole('button', { name: 'Set up reminders' }).click();
    await expect(client).toHaveURL(/\/portal\/reminders$/);
    await expect(yourReminders(client)).toContainText('The evening after each session at 19:00');
    await expect(yourReminders(client)).toContainText('In Hearth only, no email');
    await expect(client.getByLabel('Remind me the evening after each session')).toBeChecked();
    await expect(client.getByRole('button', { name: 'Set up reminders' })).toHaveCount(0);

    // Offered no more.
    await client.goto('/portal');
    await expect(client.getByRole('button', { name: 'Set up reminders' })).toHaveCount(0);
  });
});
