import type { Metadata } from 'next';
import { getAssignedClient } from '@/lib/care/data';
import { ClientPolicyStatusList } from '@/lib/policies/components/client-status-view';
import { getClientPolicyStatus } from '@/lib/policies/data';
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
          <ClientPolicyStatusList policies={policies} timeZone={timeZone} />
        </Card>
      </div>
    </>
  );
}
