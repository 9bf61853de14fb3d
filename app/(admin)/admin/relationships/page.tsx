import type { Metadata } from 'next';
import { getPracticeCare } from '@/lib/care/data';
import { AssignCareForm } from '@/lib/care/components/assign-care-form';
import { EndCareForm } from '@/lib/care/components/end-care-form';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Care relationships' };

export default async function RelationshipsPage() {
  const { relationships, clients, therapists } = await getPracticeCare();
  return (
    <>
      <PageHeading
        title="Care relationships"
        intro="A therapist sees a client’s record only while their care relationship is open. Ending one keeps its history."
      />
      <div className="space-y-6">
        <Card title="Assign a therapist">
          {clients.length === 0 || therapists.length === 0 ? (
            <p className="text-stone-600">Assigning care needs at least one active client and one active therapist.</p>
          ) : (
            <AssignCareForm clients={clients} therapists={therapists} />
          )}
        </Card>
        <Card title="All relationships">
          {relationships.length === 0 ? (
            <p className="text-stone-600">No care relationships yet. Assign a therapist to a client above.</p>
          ) : (
            <div className="-mx-5 overflow-x-auto px-5" role="region" aria-label="Care relationships" tabIndex={0}>
              <table className="w-full min-w-[36rem] text-left text-sm">
                <thead className="border-b border-stone-200 text-stone-600">
                  <tr>
                    <th scope="col" className="py-2 pr-3 font-medium">Client</th>
                    <th scope="col" className="py-2 pr-3 font-medium">Therapist</th>
                    <th scope="col" className="py-2 pr-3 font-medium">Started</th>
                    <th scope="col" className="py-2 pr-3 font-medium">Ended</th>
                    <th scope="col" className="py-2 font-medium">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-stone-100">
                  {relationships.map((relationship) => (
                    <tr key={relationship.id} className={relationship.endedOn ? 'text-stone-600' : undefined}>
                      <td className="py-3 pr-3 font-medium text-stone-900">{relationship.clientName}</td>
                      <td className="py-3 pr-3">{relationship.therapistName}</td>
                      <td className="py-3 pr-3 whitespace-nowrap">{relationship.startedOn}</td>
                      <td className="py-3 pr-3 whitespace-nowrap">
                        {relationship.endedOn ?? <span className="rounded-full bg-hearth-50 px-2.5 py-0.5 text-xs font-medium text-hearth-800 ring-1 ring-hearth-100">Open</span>}
                      </td>
                      <td className="py-3 text-right">
                        <EndCareForm relationship={relationship} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
