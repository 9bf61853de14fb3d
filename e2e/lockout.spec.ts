import { PASSWORD } from './accounts';
import { expect, test } from './fixtures';
import { alertWith, submitSignIn } from './helpers';

test('five wrong passwords lock the account, and then even the right password is refused', async ({ page, practice }) => {
  const { email } = practice.client;
  for (let attempt = 1; attempt <= 4; attempt++) {
    await submitSignIn(page, email, `wrong-password-${attempt}`);
    await expect(alertWith(page, 'That email and password do not match an active account.')).toBeVisible();
  }
  await submitSignIn(page, email, 'wrong-password-5');
  await expect(alertWith(page, 'Too many sign-in attempts')).toBeVisible();

  await submitSignIn(page, email, PASSWORD);
  await expect(alertWith(page, 'Too many sign-in attempts')).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/login');
  await page.goto('/portal');
  await expect(page).toHaveURL((url) => url.pathname === '/login');
});
