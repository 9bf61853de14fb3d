import type { Metadata } from 'next';
import Link from 'next/link';
import { getMyClients } from '@/lib/care/data';
import { routes } from '@/lib/routes';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'My clients' };

export default async function PracticeDashboard() {
  const { name, clients } = await getMyClients();
  return (
    <>
      <PageHeading title="My clients" intro={`Signed in as ${name}. These are the clients currently in your care.`} />
      <Card>
        {clients.length === 0 ? (
          <p className="text-stone-600">No clients are assigned to you yet.</p>
        ) : (
          <ul className="divide-y divide-stone-100">
            {clients.map((client) => (
              <li key={client.id} className="flex items-center justify-between py-3">
                <Link href={routes.practiceClient(client.id)} className="font-medium text-hearth-700 underline underline-offset-2">
                  {client.name}
                </Link>
                <span className="text-sm text-stone-600">since {client.since}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
