import { expect, test } from './fixtures';
import { enrolInMfa, submitSignIn } from './helpers';

test.use({ practiceKind: 'staff-mfa' });

test('staff of a practice that requires two-step sign-in must enrol before anything else', async ({ page, practice }) => {
  await submitSignIn(page, practice.therapist.email);
  await expect(page).toHaveURL((url) => url.pathname === '/account/security' && url.searchParams.get('required') === '1');
  await expect(page.getByText('Your practice requires two-step sign-in for staff. Set it up to continue.')).toBeVisible();

  // The dashboard stays out of reach until enrolment is done.
  await page.goto('/practice');
  await expect(page).toHaveURL((url) => url.pathname === '/account/security');

  await enrolInMfa(page);
  await page.goto('/practice');
  await expect(page).toHaveURL((url) => url.pathname === '/practice');
  await expect(page.getByRole('heading', { name: 'My clients' })).toBeVisible();
});
