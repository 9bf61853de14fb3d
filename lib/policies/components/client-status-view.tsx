import { formatInTimeZone } from '@/lib/platform/clock';
import type { ClientPolicyStatus } from '../model';

/** For a therapist: where one client stands on each policy, moments in the practice's time zone. */
export function ClientPolicyStatusList({ policies, timeZone }: { policies: (ClientPolicyStatus & { label: string })[]; timeZone: string }) {
  return (
    <ul className="divide-y divide-stone-100">
      {policies.map((policy) => (
        <li key={policy.kind} className="grid gap-1 py-3 sm:grid-cols-[14rem_1fr]">
          <h3 className="font-medium text-stone-900">{policy.label}</h3>
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
  );
}
