import type { Metadata } from 'next';
import Link from 'next/link';
import { getPolicyEditor } from '@/lib/policies/data';
import { PolicyEditor } from '@/lib/policies/editor-form';
import { formatPolicyDate, shortHash } from '@/lib/policies/format';
import { formatInTimeZone } from '@/lib/platform/clock';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Edit policy' };

const LINK = 'font-medium text-hearth-800 underline underline-offset-2';

export default async function PolicyEditorPage({
  params,
  searchParams,
}: {
  params: Promise<{ kind: string }>;
  searchParams: Promise<{ published?: string; from?: string }>;
}) {
  const { kind } = await params;
  const { published, from } = await searchParams;
  const editor = await getPolicyEditor(kind);
  const latest = editor.versions[0];
  const notice =
    published && editor.versions.some((version) => String(version.version) === published)
      ? `Version ${published} published. Clients will be asked to read it once it takes effect.`
      : from && editor.draft.saved
        ? `Draft started from version ${from}.`
        : null;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/policies" className={LINK}>
          Policies
        </Link>
      </p>
      <PageHeading
        title={editor.label}
        intro={
          editor.draft.saved
            ? 'You are editing the saved draft. Clients see only published versions.'
            : latest
              ? `There is no draft yet: this starts from version ${latest.version}. Saving creates the draft.`
              : 'Nothing is published yet. Write the first version, save it as a draft, then publish it.'
        }
      />
      {notice && (
        <p role="status" className="mb-4 rounded-lg bg-hearth-50 px-3 py-2 text-sm text-hearth-800 ring-1 ring-hearth-100">
          {notice}
        </p>
      )}
      <div className="space-y-6">
        <Card title="Draft">
          {/* A new version remounts the editor with the new starting point. */}
          <PolicyEditor key={latest?.id ?? 'first'} kind={editor.kind} draft={editor.draft} today={editor.today} timeZone={editor.timeZone} />
        </Card>
        <Card title="Published versions">
          {editor.versions.length === 0 ? (
            <p className="text-stone-700">No version has been published yet.</p>
          ) : (
            <>
              {editor.versions.length > 1 && (
                <p className="mb-3 text-sm">
                  <Link href={`/admin/policies/${editor.kind}/compare`} className={LINK}>
                    Compare any two versions
                  </Link>
                </p>
              )}
              <ol className="divide-y divide-stone-200">
                {editor.versions.map((version) => (
                  <li key={version.id} className="py-4 first:pt-0 last:pb-0">
                    <h3 className="font-semibold text-stone-900">
                      Version {version.version}
                      {version.version === editor.inForceVersion && (
                        <span className="ml-2 rounded-full bg-hearth-50 px-2 py-0.5 text-xs font-medium text-hearth-800 ring-1 ring-hearth-100">In force</span>
                      )}
                    </h3>
                    <dl className="mt-2 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
                      <dt className="font-medium text-stone-800">Effective</dt>
                      <dd className="text-stone-700">{formatPolicyDate(version.effectiveOn)}</dd>
                      <dt className="font-medium text-stone-800">Published by</dt>
                      <dd className="text-stone-700">
                        {version.publishedBy}, {formatInTimeZone(version.publishedAt, editor.timeZone)}
                      </dd>
                      <dt className="font-medium text-stone-800">Summary</dt>
                      <dd className="whitespace-pre-line text-stone-700">{version.changeSummary}</dd>
                      <dt className="font-medium text-stone-800">SHA-256</dt>
                      <dd className="min-w-0 text-stone-700">
                        <details>
                          <summary className="cursor-pointer font-mono" title={version.contentSha256}>
                            {shortHash(version.contentSha256)}…<span className="sr-only"> (show the full hash)</span>
                          </summary>
                          <code className="block break-all pt-1 text-xs">{version.contentSha256}</code>
                        </details>
                      </dd>
                    </dl>
                    <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
                      <Link href={`/admin/policies/${editor.kind}/versions/${version.version}`} className={LINK}>
                        View version {version.version}
                      </Link>
                      {version.version > 1 && (
                        <Link href={`/admin/policies/${editor.kind}/compare?from=${version.version - 1}&to=${version.version}`} className={LINK}>
                          Compare with version {version.version - 1}
                        </Link>
                      )}
                    </p>
                  </li>
                ))}
              </ol>
            </>
          )}
        </Card>
      </div>
    </>
  );
}
