import Link from 'next/link';
import { routes } from '@/lib/routes';
import { Card } from '@/lib/ui/app-shell';
import { formatPolicyDate, type PolicyKind } from '../model';

interface Policy {
  kind: PolicyKind;
  label: string;
  inForce: { version: number; effectiveOn: string } | null;
  newest: { version: number; effectiveOn: string } | null;
  hasDraft: boolean;
}

/** One card per policy: the version in force, the newest one, and whether a draft is waiting. */
export function PolicyOverview({ today, policies }: { today: string; policies: Policy[] }) {
  return (
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
              href={routes.adminPolicy(policy.kind)}
              aria-label={`Edit draft: ${policy.label}`}
              className="mt-4 inline-flex min-h-11 items-center rounded-lg bg-hearth-700 px-4 py-2 text-sm font-semibold text-white hover:bg-hearth-800"
            >
              Edit draft
            </Link>
          </Card>
        </li>
      ))}
    </ul>
  );
}
