import type { Metadata } from 'next';
import Link from 'next/link';
import { PolicyDiff } from '@/lib/policies/components/diff-view';
import { getPolicyComparison } from '@/lib/policies/data';
import { routes } from '@/lib/routes';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Compare policy versions' };

const LINK = 'font-medium text-hearth-800 underline underline-offset-2';
const SELECT = 'block min-h-11 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base shadow-sm';

export default async function ComparePolicyVersionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ kind: string }>;
  searchParams: Promise<{ from?: string; to?: string }>;
}) {
  const { kind } = await params;
  const { from: fromParam, to: toParam } = await searchParams;
  const { label, numbers, from, to, kind: policyKind } = await getPolicyComparison(kind, fromParam, toParam);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={routes.adminPolicies} className={LINK}>
          Policies
        </Link>
        <span aria-hidden="true"> / </span>
        <Link href={routes.adminPolicy(policyKind)} className={LINK}>
          {label}
        </Link>
      </p>
      <PageHeading title={`Compare versions: ${label}`} />
      {numbers.length < 2 ? (
        <Card>
          <p className="text-stone-700">There is nothing to compare until at least two versions are published.</p>
        </Card>
      ) : (
        <div className="space-y-6">
          <Card>
            <form method="get" className="flex flex-wrap items-end gap-4">
              {(
                [
                  ['from', 'From version', from?.version],
                  ['to', 'To version', to?.version],
                ] as const
              ).map(([name, fieldLabel, selected]) => (
                <div key={name} className="space-y-1">
                  <label htmlFor={`compare-${name}`} className="block text-sm font-medium text-stone-800">
                    {fieldLabel}
                  </label>
                  <select id={`compare-${name}`} name={name} defaultValue={selected} className={SELECT}>
                    {numbers.map((number) => (
                      <option key={number} value={number}>
                        Version {number}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
              <button type="submit" className="inline-flex min-h-11 items-center rounded-lg bg-hearth-700 px-4 py-2 text-sm font-semibold text-white hover:bg-hearth-800">
                Compare
              </button>
            </form>
          </Card>
          {from && to && (
            <Card title={`Changes from version ${from.version} to version ${to.version}`}>
              {from.version !== to.version && <p className="mb-3 text-sm text-stone-700">Summary given for version {to.version}: {to.changeSummary}</p>}
              <PolicyDiff before={from} after={to} />
            </Card>
          )}
        </div>
      )}
    </>
  );
}
