import type { Metadata } from 'next';
import Link from 'next/link';
import { routes } from '@/lib/routes';
import { Card, PageHeading } from '@/lib/ui/app-shell';
import { AccountStatusForm } from '@/lib/users/components/account-status-form';
import { RoleForm } from '@/lib/users/components/role-form';
import { getPracticePeople } from '@/lib/users/data';

export const metadata: Metadata = { title: 'People' };

function Badge({ children, tone = 'neutral' }: { children: React.ReactNode; tone?: 'neutral' | 'good' | 'muted' }) {
  const styles = {
    neutral: 'bg-stone-100 text-stone-800',
    good: 'bg-hearth-50 text-hearth-800 ring-1 ring-hearth-100',
    muted: 'bg-stone-200 text-stone-700',
  }[tone];
  return <span className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium ${styles}`}>{children}</span>;
}

export default async function PeoplePage() {
  const people = await getPracticePeople();
  return (
    <>
      <PageHeading
        title="People"
        intro="Everyone with an account in your practice. Deactivating someone signs them out everywhere at once; their records and care relationships stay as they are."
      />
      <p className="mb-4">
        <Link
          href={routes.adminInvite}
          className="inline-flex min-h-11 items-center rounded-lg bg-hearth-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-hearth-800"
        >
          Invite someone
        </Link>
      </p>
      <Card>
        {people.length === 0 ? (
          <p className="text-stone-600">Nobody has an account yet.</p>
        ) : (
          <ul className="divide-y divide-stone-100" aria-label="People in your practice">
            {people.map((person) => (
              <li key={person.id} className="grid gap-4 py-4 first:pt-0 last:pb-0 md:grid-cols-[minmax(0,1fr)_minmax(0,20rem)_auto] md:items-start">
                <div className="min-w-0">
                  <h2 className="font-semibold text-stone-900">
                    {person.name}
                    {person.isYou && <span className="font-normal text-stone-600"> (you)</span>}
                  </h2>
                  <p className="break-all text-sm text-stone-600">{person.email}</p>
                  <p className="mt-2 flex flex-wrap gap-1.5">
                    <Badge>{person.roleLabel}</Badge>
                    <Badge tone={person.status === 'active' ? 'good' : 'muted'}>{person.status === 'active' ? 'Active' : 'Deactivated'}</Badge>
                    <Badge tone={person.mfaEnabled ? 'good' : 'neutral'}>Two-step sign-in {person.mfaEnabled ? 'on' : 'off'}</Badge>
                  </p>
                </div>
                {person.isYou ? (
                  <p className="text-sm text-stone-600 md:col-span-2">You cannot change your own role or deactivate yourself; another admin can.</p>
                ) : (
                  <>
                    <RoleForm person={person} />
                    {/* Lines the button up with the role select, below its label. */}
                    <div className="md:pt-7">
                      <AccountStatusForm person={person} />
                    </div>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
