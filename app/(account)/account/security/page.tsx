import type { Metadata } from 'next';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/guards';
import { getMfaStatus } from '@/lib/auth/mfa-enrolment';
import { MfaSettings } from '@/lib/auth/mfa-forms';
import { HOME_BY_ROLE, mustEnrolMfa } from '@/lib/auth/permissions';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Two-step sign-in' };

export default async function SecurityPage() {
  const user = await requireUser('account:manage', { allowPendingMfa: true });
  const status = await getMfaStatus(await getDb(), user.id);
  // The requirement is checked, not taken from ?required=1, so the notice is never shown to someone it does not apply to.
  const mustEnrolNow = mustEnrolMfa({ ...user, mfaEnabled: status.enabled });
  return (
    <>
      <PageHeading title="Two-step sign-in" intro="A code from an app on your phone, asked for after your password." />
      {mustEnrolNow && (
        <p role="status" className="mb-6 rounded-lg bg-amber-50 px-4 py-3 text-stone-800 ring-1 ring-amber-200">
          Your practice requires two-step sign-in for staff. Set it up to continue.
        </p>
      )}
      <Card>
        <MfaSettings
          enabled={status.enabled}
          unusedRecoveryCodes={status.unusedRecoveryCodes}
          requiredByPractice={mustEnrolMfa({ ...user, mfaEnabled: false })}
          homeHref={HOME_BY_ROLE[user.role]}
        />
      </Card>
    </>
  );
}
