import type { Metadata } from 'next';
import { getAssignedClient } from '@/lib/care/data';
import { getClientPolicyStatus } from '@/lib/policies/acknowledgement-data';
import { POLICY_KIND_LABELS } from '@/lib/policies/kinds';
import { formatInTimeZone } from '@/lib/platform/clock';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Client' };

export default async function ClientPage({ params }: { params: Promise<{ clientId: string }> }) {
  const client = await getAssignedClient((await params).clientId);
  const { policies, timeZone } = await getClientPolicyStatus(client.id);
  return (
    <>
      <PageHeading title={client.name} />
      <div className="space-y-6">
        <Card title="Details">
          <dl className="grid gap-2 sm:grid-cols-[10rem_1fr]">
            <dt className="text-sm text-stone-600">Email</dt>
            <dd>{client.email}</dd>
            <dt className="text-sm text-stone-600">In your care since</dt>
            <dd>{client.since}</dd>
            <dt className="text-sm text-stone-600">Account</dt>
            <dd>{client.status === 'active' ? 'Active' : 'Deactivated'}</dd>
          </dl>
        </Card>
        <Card title="Policy acknowledgements">
          <ul className="divide-y divide-stone-100">
            {policies.map((policy) => (
              <li key={policy.kind} className="grid gap-1 py-3 sm:grid-cols-[14rem_1fr]">
                <h3 className="font-medium text-stone-900">{POLICY_KIND_LABELS[policy.kind]}</h3>
                <div className="space-y-1 text-stone-800">
                  {policy.inForce ? (
                    <p>
                      Version {policy.inForce.version} in force since {policy.inForce.effectiveOn}:{' '}
                      {policy.acknowledgedAt ? (
                        <span className="font-medium text-hearth-800">acknowledged {formatInTimeZone(policy.acknowledgedAt, timeZone)}</span>
                      ) : (
                        <span className="font-medium text-amber-800">not acknowledged yet</span>
                      )}
                    </p>
                  ) : (
                    <p>No version published yet.</p>
                  )}
                  {policy.earlier.length > 0 && (
                    <p className="text-sm text-stone-600">
                      Earlier versions acknowledged:{' '}
                      {policy.earlier.map((row) => `version ${row.version} (${formatInTimeZone(row.acknowledgedAt, timeZone)})`).join('; ')}
                    </p>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
