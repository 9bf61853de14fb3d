import { DEMO } from './accounts';
import { expect, test } from './fixtures';
import { alertWith, pathOf, signIn, submitSignIn } from './helpers';

const LANDINGS = [
  { who: 'a client', email: DEMO.client, home: '/portal' },
  { who: 'a therapist', email: DEMO.therapist, home: '/practice' },
  { who: 'an admin', email: DEMO.admin, home: '/admin' },
  { who: "the second practice's admin", email: DEMO.harborAdmin, home: '/admin' },
];

for (const { who, email, home } of LANDINGS) {
  test(`${who} lands on ${home} after signing in`, async ({ page }) => {
    await signIn(page, email);
    expect(pathOf(page.url())).toBe(home);
  });
}

test('sign-in returns to the page named in next', async ({ page }) => {
  await submitSignIn(page, DEMO.client, undefined, '/login?next=/account');
  await expect(page).toHaveURL((url) => url.pathname === '/account');
  await expect(page.getByRole('button', { name: 'Sign out everywhere' })).toBeVisible();
});

test('a next link to another site does not leave Hearth', async ({ page }) => {
  await submitSignIn(page, DEMO.therapist, undefined, '/login?next=//evil.example');
  await expect(page).toHaveURL((url) => url.pathname === '/practice');
  expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
});

test('an anonymous visitor to /portal is sent to sign in, and back afterwards', async ({ page }) => {
  await page.goto('/portal');
  expect(pathOf(page.url())).toBe('/login?next=%2Fportal');
  await page.getByLabel('Email').fill(DEMO.client);
  await page.getByLabel('Password').fill('hearth-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/portal');
});

test('an invalid email is explained next to the Email field and nobody is signed in', async ({ page }) => {
  await submitSignIn(page, 'not-an-email', 'hearth-demo');
  const email = page.getByLabel('Email');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription(/valid email address/i);
  expect(new URL(page.url()).pathname).toBe('/login');
  await page.goto('/portal');
  await expect(page).toHaveURL((url) => url.pathname === '/login');
});

test('a wrong password is refused with a message that does not say which part was wrong', async ({ page, practice }) => {
  await submitSignIn(page, practice.client.email, 'not-the-password');
  await expect(alertWith(page, 'That email and password do not match an active account.')).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/login');
});
