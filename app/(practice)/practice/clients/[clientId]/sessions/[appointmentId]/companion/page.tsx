import type { Metadata } from 'next';
import Link from 'next/link';
import { timeZoneLabel } from '@/lib/appointments/model';
import { ComposeEpisodeForm } from '@/lib/companion/components/compose-episode-form';
import { EpisodeEditorView } from '@/lib/companion/components/episode-editor-view';
import { getCompanionEditor } from '@/lib/companion/data';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Between-session audio' };

export default async function SessionCompanionPage({ params }: { params: Promise<{ clientId: string; appointmentId: string }> }) {
  const { clientId, appointmentId } = await params;
  const editor = await getCompanionEditor(clientId, appointmentId);
  const { client, session } = editor;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={editor.summaryHref} className="text-hearth-700 underline underline-offset-2">
          Summary of the session on {session.day}
        </Link>
      </p>
      <PageHeading
        title={`Between-session audio for ${client.name}`}
        intro="A short episode made from your summary: your key points in your words, one guided exercise with pauses, a reflection and a close. Hearth composes it from fixed templates and speaks it on its own server; you read the script before anything reaches your client."
      />
      <div className="space-y-6">
        {!editor.shared ? (
          <Card>
            <p className="text-stone-700">Share the summary with {client.name} first: an episode is made from what they can already read.</p>
          </Card>
        ) : (
          <>
            <Card title="Episodes">
              <EpisodeEditorView episodes={editor.episodes} clientId={client.id} clientName={client.name} appointmentId={session.id} />
            </Card>
            <Card title={editor.firstReleased ? 'Schedule a follow-up' : 'The episode after the session'}>
              <ComposeEpisodeForm
                clientId={client.id}
                appointmentId={session.id}
                mode={editor.firstReleased ? 'follow_up' : 'first'}
                exercises={editor.exercises}
                suggestions={editor.suggestions}
                timeZoneName={timeZoneLabel(editor.timeZone)}
              />
            </Card>
          </>
        )}
      </div>
    </>
  );
}
