import type { Metadata } from 'next';
import { getPracticeAcknowledgementSummary } from '@/lib/policies/data';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Policy acknowledgements' };

const clients = (n: number) => `${n} client${n === 1 ? '' : 's'}`;

export default async function PolicyAcknowledgementsPage() {
  const summary = await getPracticeAcknowledgementSummary();
  return (
    <>
      <PageHeading title="Policy acknowledgements" intro="For each policy, which of your active clients have acknowledged the version in force." />
      <div className="space-y-6">
        {summary.map((policy) => (
          <Card key={policy.kind} title={policy.label}>
            {policy.inForce ? (
              <div className="space-y-3">
                <p className="text-stone-700">
                  Version {policy.inForce.version}, in force since {policy.inForce.effectiveOn}.
                </p>
                <p className="text-2xl font-semibold text-stone-900">
                  {policy.acknowledgedCount} of {clients(policy.clientCount)} acknowledged
                </p>
                {policy.outstanding.length > 0 ? (
                  <div>
                    <h3 id={`outstanding-${policy.kind}`} className="font-medium text-stone-900">
                      Not yet on version {policy.inForce.version}
                    </h3>
                    <ul aria-labelledby={`outstanding-${policy.kind}`} className="mt-1 divide-y divide-stone-100">
                      {policy.outstanding.map((client) => (
                        <li key={client.id} className="flex flex-wrap justify-between gap-2 py-2">
                          <span>{client.name}</span>
                          <span className="text-sm text-stone-600">
                            {client.lastAcknowledgedVersion === null ? 'Has not acknowledged any version' : `Last acknowledged version ${client.lastAcknowledgedVersion}`}
                          </span>
                        </li>
                      ))}
                    </ul>
                  </div>
                ) : (
                  <p className="text-stone-700">Every active client has acknowledged it.</p>
                )}
              </div>
            ) : (
              <p className="text-stone-700">No version is in force yet.</p>
            )}
          </Card>
        ))}
      </div>
    </>
  );
}
