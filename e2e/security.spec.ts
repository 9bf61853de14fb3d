// Attacks from the security review (issue 7) that need the running server. Each test performs the
// attack as an outsider would and checks that it fails. The rest are in tests/security/.
import { expect, test } from './fixtures';
import { mailTo, waitForLink } from './mailbox';
import { actionsInBuild, callAction } from './server-actions';

test('a reset request sent with a forged X-Forwarded-Host still mails a link to the portal itself', async ({ request, practice, baseURL }) => {
  const { email } = practice.client;
  const action = actionsInBuild().get('lib/auth/actions.ts#requestPasswordResetAction');
  expect(action, 'the reset action is in the build').toBeDefined();
  // As the attacker sends it, outside a browser: the forged host, and an Origin that matches it,
  // so Next's own cross-site check lets the action run.
  const answer = await callAction(request, baseURL!, action!.id, '/reset-password', { email }, {
    'X-Forwarded-Host': 'evil.test',
    'X-Forwarded-Proto': 'https',
    Origin: 'https://evil.test',
  });
  expect(answer.state?.ok, JSON.stringify(answer)).toBe(true);

  // waitForLink also checks that the link's origin is the portal's own address.
  const link = await waitForLink(email, '/reset-password/');
  expect(new URL(link).host).not.toBe('evil.test');
  expect(mailTo(email).some((mail) => mail.text.includes('evil.test'))).toBe(false);
});

test('the outbox shows an admin who was mailed what, never a working link', async ({ practice, signedInAs }) => {
  const admin = await signedInAs(practice.admin);
  const invitee = `outbox-${Date.now().toString(36)}@e2e.test`;
  await admin.goto('/admin/users/invite');
  await admin.getByLabel('Email').fill(invitee);
  await admin.getByLabel('Role').selectOption({ label: 'Therapist' });
  await admin.getByRole('button', { name: 'Send invitation' }).click();
  await expect(admin.getByRole('status')).toBeVisible();
  const link = await waitForLink(invitee, '/invite/');
  const token = new URL(link).pathname.split('/').at(-1)!;

  await admin.goto('/admin/outbox');
  const message = admin.getByRole('article').filter({ hasText: invitee });
  await expect(message).toBeVisible();
  await expect(message).toContainText('Invitation');
  expect(await admin.content()).not.toContain(token);
  await expect(admin.locator('a[href*="/invite/"]')).toHaveCount(0);
});
