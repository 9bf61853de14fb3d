import type { Metadata } from 'next';
import Link from 'next/link';
import { PolicyOverview } from '@/lib/policies/components/overview-view';
import { getPolicyOverview } from '@/lib/policies/data';
import { routes } from '@/lib/routes';
import { PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Policies' };

export default async function PoliciesPage() {
  const { today, policies } = await getPolicyOverview();
  return (
    <>
      <PageHeading
        title="Policies"
        intro="The documents your clients read and acknowledge. Edit a draft, then publish it as a new version; published versions are kept exactly as they were."
      />
      <p className="mb-4">
        <Link href={routes.adminAcknowledgements} className="font-medium text-hearth-700 underline underline-offset-2">
          See who has acknowledged the versions in force
        </Link>
      </p>
      <PolicyOverview today={today} policies={policies} />
    </>
  );
}
