import type { Metadata } from 'next';
import Link from 'next/link';
import { EMPTY_SUMMARY } from '@/lib/summaries/model';
import { SummaryEditorForm } from '@/lib/summaries/components/summary-editor-form';
import { SummaryContentView } from '@/lib/summaries/components/summary-view';
import { getSummaryEditor } from '@/lib/summaries/data';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Session summary' };

export default async function SessionSummaryPage({ params }: { params: Promise<{ clientId: string; appointmentId: string }> }) {
  const { clientId, appointmentId } = await params;
  const editor = await getSummaryEditor(clientId, appointmentId);
  const { client, session, summary } = editor;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={editor.sessionsHref} className="text-hearth-700 underline underline-offset-2">
          Sessions with {client.name}
        </Link>
      </p>
      <PageHeading title={`Summary of the session on ${session.day}`} intro={`${session.times}, with ${client.name}.`} />
      <div className="space-y-6">
        {editor.refusal ? (
          <Card>
            <p className="text-stone-700">{editor.refusal}</p>
          </Card>
        ) : (
          <>
            {summary && (
              <Card title="Where it stands">
                <p className="text-stone-800">
                  {summary.sharedAt ? `Shared with ${client.name} on ${summary.sharedAt}.` : `A draft: ${client.name} cannot see it yet.`}
                  {summary.version > 1 && ` This is version ${summary.version}.`}
                  {summary.sharedAt && (summary.readByClient ? ` First read on ${summary.readByClient}.` : ' Not read yet.')}
                </p>
                {editor.companionHref && (
                  <p className="mt-3">
                    <Link href={editor.companionHref} className="font-medium text-hearth-700 underline underline-offset-2">
                      Between-session audio for {client.name}
                    </Link>
                  </p>
                )}
              </Card>
            )}
            <Card title={summary?.sharedAt ? 'Edit the summary' : 'Write the summary'}>
              <SummaryEditorForm
                clientId={client.id}
                clientName={client.name}
                appointmentId={session.id}
                revision={editor.revision}
                shared={Boolean(summary?.sharedAt)}
                initial={editor.content ?? EMPTY_SUMMARY}
                library={editor.library}
              />
            </Card>
            {summary && summary.earlier.length > 0 && (
              <Card title="Earlier versions">
                <ul className="space-y-3">
                  {summary.earlier.map((version) => (
                    <li key={version.version}>
                      <details>
                        <summary className="inline-flex min-h-11 cursor-pointer items-center font-medium text-stone-800">
                          Version {version.version}, saved on {version.editedAt}
                        </summary>
                        <div className="mt-2 rounded-lg bg-stone-50 p-4 ring-1 ring-stone-200">
                          <SummaryContentView content={version.content} />
                        </div>
                      </details>
                    </li>
                  ))}
                </ul>
              </Card>
            )}
          </>
        )}
      </div>
    </>
  );
}
