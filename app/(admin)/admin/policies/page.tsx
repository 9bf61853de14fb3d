import type { Metadata } from 'next';
import Link from 'next/link';
import { getPolicyOverview } from '@/lib/policies/data';
import { formatPolicyDate } from '@/lib/policies/format';
import { Card, PageHeading } from '@/lib/ui/app-shell';

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
        <Link href="/admin/policies/acknowledgements" className="font-medium text-hearth-700 underline underline-offset-2">
          See who has acknowledged the versions in force
        </Link>
      </p>
      <ul className="grid gap-4 md:grid-cols-3">
        {policies.map((policy) => (
          <li key={policy.kind}>
            <Card title={policy.label}>
              <dl className="space-y-2 text-sm">
                <div>
                  <dt className="font-medium text-stone-800">In force today</dt>
                  <dd className="text-stone-700">
                    {policy.inForce ? `Version ${policy.inForce.version}, since ${formatPolicyDate(policy.inForce.effectiveOn)}` : 'None yet'}
                  </dd>
                </div>
                <div>
                  <dt className="font-medium text-stone-800">Newest version</dt>
                  <dd className="text-stone-700">
                    {policy.newest
                      ? `Version ${policy.newest.version}, ${policy.newest.effectiveOn > today ? 'takes effect' : 'effective'} ${formatPolicyDate(policy.newest.effectiveOn)}`
                      : 'Not published yet'}
                  </dd>
                </div>
                <div>
                  <dt className="font-medium text-stone-800">Draft</dt>
                  <dd className="text-stone-700">{policy.hasDraft ? 'Unpublished changes saved' : 'No draft'}</dd>
                </div>
              </dl>
              <Link
                href={`/admin/policies/${policy.kind}`}
                aria-label={`Edit draft: ${policy.label}`}
                className="mt-4 inline-flex min-h-11 items-center rounded-lg bg-hearth-700 px-4 py-2 text-sm font-semibold text-white hover:bg-hearth-800"
              >
                Edit draft
              </Link>
            </Card>
          </li>
        ))}
      </ul>
    </>
  );
}
