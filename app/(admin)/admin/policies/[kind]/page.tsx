import type { Metadata } from 'next';
import Link from 'next/link';
import { PolicyEditor } from '@/lib/policies/components/editor-form';
import { VersionHistory } from '@/lib/policies/components/version-history-view';
import { getPolicyEditor } from '@/lib/policies/data';
import { routes } from '@/lib/routes';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Edit policy' };

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
        <Link href={routes.adminPolicies} className="font-medium text-hearth-800 underline underline-offset-2">
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
          <VersionHistory kind={editor.kind} versions={editor.versions} inForceVersion={editor.inForceVersion} timeZone={editor.timeZone} />
        </Card>
      </div>
    </>
  );
}
