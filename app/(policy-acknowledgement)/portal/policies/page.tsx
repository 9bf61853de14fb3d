import type { Metadata } from 'next';
import Link from 'next/link';
import { AcknowledgeForm } from '@/lib/policies/components/acknowledge-form';
import { PolicyDiff } from '@/lib/policies/components/diff-view';
import { PolicyMarkdown } from '@/lib/policies/components/markdown-view';
import { getMyPendingAcknowledgements } from '@/lib/policies/data';
import { routes } from '@/lib/routes';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Policy updates' };

export default async function PolicyAcknowledgementPage() {
  const pending = await getMyPendingAcknowledgements();
  if (pending.length === 0) {
    return (
      <>
        <PageHeading title="Policy updates" />
        <Card>
          <p className="text-stone-700">You have read and acknowledged every policy of your practice. Thank you.</p>
          <Link href={routes.portal} className="mt-3 inline-block font-medium text-hearth-800 underline">
            Go to your home page
          </Link>
        </Card>
      </>
    );
  }
  return (
    <>
      <PageHeading
        title="Policy updates"
        intro="Your practice has updated policies that apply to you. Please read what changed, then confirm below that you have read each one."
      />
      <div className="space-y-6">
        {pending.map(({ version, baseline, baselineIsLastAcknowledged, label }) => {
          const headingId = `policy-${version.id}`;
          return (
            <section key={version.id} aria-labelledby={headingId} className="space-y-4 rounded-xl bg-white p-5 shadow-sm ring-1 ring-stone-200">
              <div>
                <h2 id={headingId} className="text-lg font-semibold text-stone-900">
                  {label} (version {version.version})
                </h2>
                <p className="text-sm text-stone-600">In force since {version.effectiveOn}</p>
              </div>
              <div>
                <h3 className="font-semibold text-stone-900">What changed</h3>
                <p className="mt-1 whitespace-pre-line text-stone-800">{version.changeSummary}</p>
              </div>
              {baseline ? (
                <div>
                  <h3 className="mb-2 font-semibold text-stone-900">
                    {baselineIsLastAcknowledged
                      ? `Changes since version ${baseline.version}, the one you last acknowledged`
                      : `Changes since version ${baseline.version}`}
                  </h3>
                  <PolicyDiff before={baseline} after={version} />
                </div>
              ) : (
                <p className="text-stone-700">This is the first version of this policy.</p>
              )}
              <details className="rounded-lg ring-1 ring-stone-200">
                <summary className="min-h-11 cursor-pointer px-3 py-2 font-medium text-hearth-800">
                  Read the full {label} (version {version.version})
                </summary>
                <div className="border-t border-stone-200 px-3 py-3">
                  <h3 className="mb-2 text-lg font-semibold">{version.title}</h3>
                  <PolicyMarkdown source={version.body} />
                </div>
              </details>
            </section>
          );
        })}
        <Card title="Confirm">
          <AcknowledgeForm
            policies={pending.map(({ version, label }) => ({
              versionId: version.id,
              label: `I have read the ${label} (version ${version.version})`,
            }))}
          />
        </Card>
      </div>
    </>
  );
}
