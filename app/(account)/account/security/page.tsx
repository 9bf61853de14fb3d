import type { Metadata } from 'next';
import { MfaSettings } from '@/lib/auth/components/mfa-forms';
import { getSecuritySettings } from '@/lib/auth/data';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Two-step sign-in' };

export default async function SecurityPage() {
  const settings = await getSecuritySettings();
  return (
    <>
      <PageHeading title="Two-step sign-in" intro="A code from an app on your phone, asked for after your password." />
      {settings.mustEnrolNow && (
        <p role="status" className="mb-6 rounded-lg bg-amber-50 px-4 py-3 text-stone-800 ring-1 ring-amber-200">
          Your practice requires two-step sign-in for staff. Set it up to continue.
        </p>
      )}
      <Card>
        <MfaSettings
          enabled={settings.enabled}
          unusedRecoveryCodes={settings.unusedRecoveryCodes}
          requiredByPractice={settings.requiredByPractice}
          homeHref={settings.homeHref}
        />
      </Card>
    </>
  );
}
