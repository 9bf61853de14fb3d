import type { Metadata } from 'next';
import Link from 'next/link';
import { ChangePasswordForm, SignOutEverywhereForm } from '@/lib/auth/components/account-forms';
import { getAccountOverview } from '@/lib/auth/data';
import { getMyLocation } from '@/lib/jurisdictions/data';
import { LocationForm } from '@/lib/jurisdictions/components/location-form';
import { listJurisdictions } from '@/lib/jurisdictions/rules';
import { routes } from '@/lib/routes';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Account' };

export default async function AccountPage() {
  const account = await getAccountOverview();
  const location = account.canSetLocation ? await getMyLocation() : null;
  return (
    <>
      <PageHeading title="Your account" intro={`${account.name} · ${account.email}`} />
      <div className="space-y-6">
        <Card title="Two-step sign-in">
          <p className="mb-3 text-stone-700">
            {account.mfaEnabled ? 'Two-step sign-in is on.' : 'Two-step sign-in is off. Turning it on keeps your account safe even if your password leaks.'}
          </p>
          <Link href={routes.accountSecurity} className="font-medium text-hearth-700 underline underline-offset-2">
            Manage two-step sign-in
          </Link>
        </Card>
        {location && (
          <Card title="Where you are">
            <LocationForm countries={listJurisdictions()} location={location} />
          </Card>
        )}
        <Card title="Change password">
          <ChangePasswordForm />
        </Card>
        <Card title="Signed-in devices">
          <p className="mb-3 text-stone-700">Signs you out on every device and browser, including this one.</p>
          <SignOutEverywhereForm />
        </Card>
      </div>
    </>
  );
}
