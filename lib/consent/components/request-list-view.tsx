import Link from 'next/link';
import { dateFormat } from '@/lib/platform/clock';
import { routes } from '@/lib/routes';
import { Card } from '@/lib/ui/app-shell';
import type { getClientNewRequestPage, getTherapistNewRequestPage } from '../data';
import { ALTERNATIVE_LABELS, ALTERNATIVES, type Party, REQUEST_STATE_LABELS, type RequestState } from '../model';
import { NewRequestForm } from './new-request-form';

type ClientNewRequestPage = Awaited<ReturnType<typeof getClientNewRequestPage>>;
type TherapistNewRequestPage = Awaited<ReturnType<typeof getTherapistNewRequestPage>>;

interface RequestRow {
  id: string;
  state: RequestState;
  openedBy: Party;
  createdAt: Date;
  activatedAt: Date | null;
  closedAt: Date | null;
}

const LINK = 'font-medium text-hearth-700 underline underline-offset-2';
const BUTTON_LINK = 'inline-flex min-h-11 items-center justify-center rounded-lg bg-hearth-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-hearth-800';

const day = (instant: Date, timeZone: string) => dateFormat('en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(instant);

const LIVE: readonly RequestState[] = ['discussing', 'awaiting_signatures', 'active'];

/** Every request with one person, newest first: state and dates, each linked to its page. */
export function RequestList({
  requests,
  hrefOf,
  timeZone,
  viewer,
  otherName,
}: {
  requests: RequestRow[];
  hrefOf: (requestId: string) => string;
  timeZone: string;
  viewer: Party;
  otherName: string;
}) {
  if (requests.length === 0) return <p className="text-stone-600">No conversations about recording yet.</p>;
  return (
    <ul className="divide-y divide-stone-100">
      {requests.map((request) => (
        <li key={request.id} className="py-3">
          <p>
            <Link href={hrefOf(request.id)} className={LINK}>
              {REQUEST_STATE_LABELS[request.state]}
            </Link>
          </p>
          <p className="text-sm text-stone-600">
            Opened by {request.openedBy === viewer ? 'you' : otherName} on {day(request.createdAt, timeZone)}
            {request.activatedAt ? ` · in force from ${day(request.activatedAt, timeZone)}` : ''}
            {request.closedAt ? ` · closed on ${day(request.closedAt, timeZone)}` : ''}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** On the client's recording page: their conversations with each therapist, and the way to start one. */
export function ClientRequestsView({ data }: { data: ClientNewRequestPage }) {
  if (data.allowed === 'never') return null;
  const canStart = data.mayOpen && data.therapists.some((therapist) => !therapist.openRequestId);
  return (
    <Card title="Your conversations about recording">
      <div className="space-y-5">
        {data.therapists.length === 0 && <p className="text-stone-600">You are not in a therapist’s care yet.</p>}
        {data.therapists.map((therapist) => (
          <section key={therapist.id} aria-label={`With ${therapist.name}`} className="space-y-2">
            {data.therapists.length > 1 && <h3 className="font-medium text-stone-900">With {therapist.name}</h3>}
            {therapist.openRequestId && (
              <p>
                <Link href={routes.portalRecordingRequest(therapist.openRequestId)} className={BUTTON_LINK}>
                  {therapist.requests.find((request) => request.id === therapist.openRequestId)?.state === 'active'
                    ? `See your agreement with ${therapist.name}`
                    : `Continue the conversation with ${therapist.name}`}
                </Link>
              </p>
            )}
            <RequestList requests={therapist.requests} hrefOf={routes.portalRecordingRequest} timeZone={data.timeZone} viewer="client" otherName={therapist.name} />
          </section>
        ))}
        {canStart && (
          <p>
            <Link href={routes.portalRecordingNew} className={BUTTON_LINK}>
              I’d like to record my sessions
            </Link>
          </p>
        )}
        {!data.mayOpen && data.therapists.length > 0 && (
          <p className="text-stone-700">At your practice, your therapist starts these conversations. You are welcome to bring it up at your next session.</p>
        )}
      </div>
    </Card>
  );
}

/** The client's "I'd like to record my sessions" page: the form, or why not, and the way to a conversation already open. */
export function ClientNewRequestView({ data }: { data: ClientNewRequestPage }) {
  if (data.allowed === 'never') {
    return (
      <Card title="Your practice does not record sessions">
        <p className="text-stone-700">Sessions here cannot be recorded. These can help you hold on to what you talk about instead:</p>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-stone-700">
          {ALTERNATIVES.map((code) => (
            <li key={code}>{ALTERNATIVE_LABELS[code]}</li>
          ))}
        </ul>
        <p className="mt-3 text-stone-700">Ask your therapist about any of them at your next session.</p>
      </Card>
    );
  }
  if (!data.mayOpen) {
    return (
      <Card>
        <p className="text-stone-700">At your practice, your therapist starts conversations about recording. You are welcome to bring it up at your next session.</p>
      </Card>
    );
  }
  const open = data.therapists.filter((therapist) => therapist.openRequestId);
  const free = data.therapists.filter((therapist) => !therapist.openRequestId);
  return (
    <div className="space-y-6">
      {open.length > 0 && (
        <Card title="Already under way">
          <ul className="space-y-2">
            {open.map((therapist) => (
              <li key={therapist.id}>
                <Link href={routes.portalRecordingRequest(therapist.openRequestId!)} className={LINK}>
                  Your conversation with {therapist.name}
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      )}
      {data.therapists.length === 0 ? (
        <Card>
          <p className="text-stone-700">You are not in a therapist’s care yet, so there is nobody to agree a recording with.</p>
        </Card>
      ) : free.length === 0 ? null : !data.startingTerms ? (
        <Card>
          <p className="text-stone-700">Your practice has not chosen a way of recording yet. Please ask your therapist.</p>
        </Card>
      ) : (
        <Card title="What you would like">
          <NewRequestForm
            openWith={{
              kind: 'client',
              therapists: free.map((therapist) => ({
                id: therapist.id,
                name: therapist.name,
                upcomingSessions: therapist.upcomingSessions.map(({ id, startsAt, durationMinutes, channel }) => ({ id, startsAt, durationMinutes, channel })),
              })),
            }}
            startingTerms={data.startingTerms}
            limits={data.limits}
            timeZone={data.timeZone}
          />
        </Card>
      )}
    </div>
  );
}

/** The therapist's recording page for one client: the conversation under way or the agreement in force, the history, and a way to start one. */
export function TherapistClientRecordingView({ data }: { data: TherapistNewRequestPage }) {
  const current = data.requests.find((request) => LIVE.includes(request.state));
  return (
    <div className="space-y-6">
      {current && (
        <Card title={current.state === 'active' ? 'The agreement in force' : 'The conversation under way'}>
          <p className="text-stone-800">{REQUEST_STATE_LABELS[current.state]}.</p>
          <p className="mt-3">
            <Link href={routes.practiceRecordingRequest(data.clientId, current.id)} className={BUTTON_LINK}>
              {current.state === 'active' ? 'See the agreement' : 'Continue the conversation'}
            </Link>
          </p>
        </Card>
      )}
      {!current &&
        (data.allowed === 'never' ? (
          <Card>
            <p className="text-stone-700">The practice does not record sessions, so no request can be opened. Alternatives such as session summaries are still open.</p>
          </Card>
        ) : !data.mayOpen ? (
          <Card>
            <p className="text-stone-700">In this practice, clients start conversations about recording. {data.clientName} can start one from their portal.</p>
          </Card>
        ) : !data.startingTerms ? (
          <Card>
            <p className="text-stone-700">The practice has not allowed any way of recording yet.</p>
          </Card>
        ) : (
          <Card title="Start a conversation about recording">
            <NewRequestForm
              openWith={{
                kind: 'therapist',
                clientId: data.clientId,
                clientName: data.clientName,
                upcomingSessions: data.upcomingSessions.map(({ id, startsAt, durationMinutes, channel }) => ({ id, startsAt, durationMinutes, channel })),
              }}
              startingTerms={data.startingTerms}
              limits={data.limits}
              timeZone={data.timeZone}
            />
          </Card>
        ))}
      <Card title="History">
        <RequestList
          requests={data.requests}
          hrefOf={(id) => routes.practiceRecordingRequest(data.clientId, id)}
          timeZone={data.timeZone}
          viewer="therapist"
          otherName={data.clientName}
        />
      </Card>
    </div>
  );
}
