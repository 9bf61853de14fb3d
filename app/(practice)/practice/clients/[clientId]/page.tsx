import type { Metadata } from 'next';
import Link from 'next/link';
import { getAssignedClient } from '@/lib/care/data';
import { ClientPolicyStatusList } from '@/lib/policies/components/client-status-view';
import { getClientPolicyStatus } from '@/lib/policies/data';
import { routes } from '@/lib/routes';
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
        <Card title="Recording sessions">
          <p className="text-stone-700">Talk through recording sessions with {client.name}, agree it or record an alternative, and see past agreements.</p>
          <p className="mt-3">
            <Link href={routes.practiceClientRecording(client.id)} className="font-medium text-hearth-700 underline underline-offset-2">
              Recording with {client.name}
            </Link>
          </p>
        </Card>
        <Card title="Shared files">
          <p className="text-stone-700">Documents, worksheets, images and session recordings that only you and {client.name} can see.</p>
          <p className="mt-3">
            <Link href={routes.practiceClientFiles(client.id)} className="font-medium text-hearth-700 underline underline-offset-2">
              Shared files with {client.name}
            </Link>
          </p>
        </Card>
        <Card title="Shared journal entries">
          <p className="text-stone-700">Journal entries {client.name} chooses to share with you. Everything else in their journal stays private.</p>
          <p className="mt-3">
            <Link href={routes.practiceClientJournal(client.id)} className="font-medium text-hearth-700 underline underline-offset-2">
              Journal entries shared by {client.name}
            </Link>
          </p>
        </Card>
        <Card title="Policy acknowledgements">
          <ClientPolicyStatusList policies={policies} timeZone={timeZone} />
        </Card>
      </div>
    </>
  );
}
