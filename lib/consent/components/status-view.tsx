import Link from 'next/link';
import { CHANNEL_LABELS, formatSessionDay, formatSessionTimes } from '@/lib/appointments/model';
import { routes } from '@/lib/routes';
import { ALTERNATIVE_LABELS, type Alternative, type Party, type RequestState, type SessionAnswer } from '../model';
import { StatusSessionQuestionForm } from './status-session-question-form';
import { StatusWithdrawForm } from './status-withdraw-form';
import {
  type StatusSummary,
  TONE_STYLES,
  alternativesWords,
  listenersWords,
  methodWords,
  shortDate,
  stateBadge,
  turnWords,
  untilWords,
} from './status-words';

const link = 'inline-flex min-h-11 items-center font-medium text-hearth-700 underline underline-offset-2';

export function StateBadge({ state, reader }: { state: RequestState | null; reader: Party }) {
  const { text, tone } = stateBadge(state, reader);
  return <span className={`inline-block rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ${TONE_STYLES[tone]}`}>{text}</span>;
}

function Unread({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <p className="text-sm font-medium text-hearth-800">
      {count} unread {count === 1 ? 'message' : 'messages'}
    </p>
  );
}

/** What the request says, line by line, from the reader's side: whose turn, until when, how, who listens, what instead. */
function StatusDetails({ summary, reader, otherName, timeZone }: { summary: StatusSummary; reader: Party; otherName: string; timeZone: string }) {
  const lines: { term: string; value: string }[] = [];
  const turn = turnWords(summary, reader, otherName);
  if (turn) lines.push({ term: 'Where it stands', value: turn });
  if (summary.state === 'active') {
    if (summary.activatedAt) lines.push({ term: 'In force since', value: shortDate(summary.activatedAt, timeZone) });
    lines.push({ term: 'Active', value: untilWords(summary, timeZone) });
    if (summary.method) lines.push({ term: 'How', value: methodWords(summary.method, reader) });
    if (summary.listeners) lines.push({ term: 'Who may listen', value: listenersWords(summary.listeners, reader, otherName) });
  }
  if (summary.state === 'declined') {
    lines.push({
      term: 'Instead',
      value: summary.alternatives.length > 0 ? alternativesWords(summary.alternatives).join('; ') : 'No alternative chosen',
    });
  }
  if ((summary.state === 'withdrawn' || summary.state === 'ended' || summary.state === 'declined') && summary.closedAt) {
    lines.push({ term: summary.state === 'declined' ? 'Declined on' : summary.state === 'withdrawn' ? 'Withdrawn on' : 'Ended on', value: shortDate(summary.closedAt, timeZone) });
  }
  if (summary.state !== 'active' && summary.state !== 'declined' && summary.alternatives.length > 0) {
    lines.push({ term: 'Alternatives proposed', value: alternativesWords(summary.alternatives).join('; ') });
  }
  if (lines.length === 0) return null;
  return (
    <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
      {lines.map((line) => (
        <div key={line.term} className="contents">
          <dt className="text-stone-600">{line.term}</dt>
          <dd className="text-stone-900">{line.value}</dd>
        </div>
      ))}
    </dl>
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// The client's portal home

export interface ClientStatusEntry {
  careRelationshipId: string;
  therapistName: string;
  request: StatusSummary | null;
  mayOpen: boolean;
}

export interface SessionQuestion {
  appointmentId: string;
  requestId: string;
  therapistName: string;
  startsAt: Date;
  durationMinutes: number;
  channel: keyof typeof CHANNEL_LABELS;
  answer: SessionAnswer | null;
}

/** The client's recording status with each of their therapists, with "Withdraw" right there for an agreement in force. */
export function ClientRecordingStatusList({
  therapists,
  recordingAllowed,
  alternatives,
  timeZone,
}: {
  therapists: ClientStatusEntry[];
  recordingAllowed: 'yes' | 'on_request' | 'never';
  alternatives: readonly Alternative[];
  timeZone: string;
}) {
  if (therapists.length === 0) return <p className="text-stone-600">Once you have a therapist here, whether your sessions are recorded is shown here.</p>;
  return (
    <div className="space-y-4">
      {recordingAllowed === 'never' && (
        <div className="space-y-2 text-sm text-stone-700">
          <p>Your practice does not record sessions. Other ways to hold on to what you talk about:</p>
          <ul className="list-disc pl-5">
            {alternatives.map((code) => (
              <li key={code}>{ALTERNATIVE_LABELS[code]}</li>
            ))}
          </ul>
        </div>
      )}
      <ul className="divide-y divide-stone-100">
        {therapists.map((entry) => (
          <ClientStatusItem key={entry.careRelationshipId} entry={entry} timeZone={timeZone} />
        ))}
      </ul>
    </div>
  );
}

function ClientStatusItem({ entry, timeZone }: { entry: ClientStatusEntry; timeZone: string }) {
  const { request, therapistName } = entry;
  return (
    <li className="space-y-2 py-4 first:pt-0 last:pb-0">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="font-semibold text-stone-900">With {therapistName}</h3>
        <StateBadge state={request?.state ?? null} reader="client" />
      </div>
      {request ? (
        <>
          <StatusDetails summary={request} reader="client" otherName={therapistName} timeZone={timeZone} />
          <Unread count={request.unread} />
          {request.state === 'active' && <p className="text-sm text-stone-600">You can withdraw at any time. Nothing more is recorded from that moment.</p>}
          {(request.state === 'discussing' || request.state === 'awaiting_signatures') && (
            <p className="text-sm text-stone-600">You can say no at any point, with no reason needed: open the discussion to decline recording.</p>
          )}
          <div className="flex flex-wrap items-start gap-x-4 gap-y-2">
            <Link href={routes.portalRecordingRequest(request.requestId)} className={link}>
              {request.state === 'discussing' || request.state === 'awaiting_signatures' ? 'Open the discussion' : 'See the agreement'}
            </Link>
            {entry.mayOpen && (
              <Link href={routes.portalRecordingNew} className={link}>
                Ask about recording again
              </Link>
            )}
          </div>
          <StatusWithdrawForm requestId={request.requestId} otherName={therapistName} active={request.state === 'active'} />
        </>
      ) : (
        <>
          <p className="text-sm text-stone-700">You have not talked about recording sessions with {therapistName}. Nothing is recorded.</p>
          {entry.mayOpen && (
            <Link href={routes.portalRecordingNew} className={link}>
              I’d like to record my sessions
            </Link>
          )}
        </>
      )}
    </li>
  );
}

/** "Still OK to record this session?" before each upcoming session an agreement in force covers. */
export function SessionQuestionList({ questions, timeZone }: { questions: SessionQuestion[]; timeZone: string }) {
  if (questions.length === 0) return null;
  return (
    <ul className="divide-y divide-stone-100">
      {questions.map((question) => (
        <li key={`${question.requestId}:${question.appointmentId}`} className="py-3 first:pt-0 last:pb-0">
          <StatusSessionQuestionForm
            requestId={question.requestId}
            appointmentId={question.appointmentId}
            answer={question.answer}
            session={`${formatSessionDay(question.startsAt, timeZone)}, ${formatSessionTimes(question.startsAt, question.durationMinutes, timeZone)}, ${CHANNEL_LABELS[question.channel].toLowerCase()}, with ${question.therapistName}`}
          />
        </li>
      ))}
    </ul>
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// The therapist's dashboard

export interface TherapistStatusEntry {
  careRelationshipId: string;
  clientId: string;
  clientName: string;
  since?: string;
  request: StatusSummary | null;
  waitingOnYou: boolean;
}

/**
 * Each client's recording status at a glance, those waiting on the therapist first (the order given). Kept lean: a
 * practice may have hundreds of clients on this page. The links do not prefetch, for the same reason.
 */
export function TherapistRecordingStatusList({ clients, timeZone }: { clients: TherapistStatusEntry[]; timeZone: string }) {
  return (
    <ul className="divide-y divide-stone-100">
      {clients.map((entry, index) => (
        <TherapistStatusItem key={entry.careRelationshipId} entry={entry} nameId={`rc${index}`} timeZone={timeZone} />
      ))}
    </ul>
  );
}

function TherapistStatusItem({ entry, nameId, timeZone }: { entry: TherapistStatusEntry; nameId: string; timeZone: string }) {
  const { request } = entry;
  return (
    <li className="space-y-1 py-3">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h3 id={nameId} className="font-semibold">
          <Link href={routes.practiceClient(entry.clientId)} prefetch={false} className="text-hearth-700 underline underline-offset-2">
            {entry.clientName}
          </Link>
        </h3>
        {entry.since && <span className="text-sm text-stone-600">since {entry.since}</span>}
        <StateBadge state={request?.state ?? null} reader="therapist" />
        {entry.waitingOnYou && <span className="rounded-full bg-amber-100 px-2.5 py-0.5 text-xs font-semibold text-amber-900 ring-1 ring-amber-300">Waiting on you</span>}
      </div>
      {request && <StatusDetails summary={request} reader="therapist" otherName={entry.clientName} timeZone={timeZone} />}
      {request && <Unread count={request.unread} />}
      <Link
        href={request ? routes.practiceRecordingRequest(entry.clientId, request.requestId) : routes.practiceClientRecording(entry.clientId)}
        prefetch={false}
        className={link}
        aria-describedby={nameId}
      >
        {request ? 'Open the recording request' : 'Discuss recording'}
      </Link>
    </li>
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// The therapist's schedule: the client's answer for each session

export interface SessionAnswerEntry {
  covered: boolean;
  answer: SessionAnswer | null;
}

const ANSWER_CELL: Record<'yes' | 'not_this_time' | 'not_answered' | 'not_covered', { text: string; style: string }> = {
  yes: { text: 'Yes, may be recorded', style: 'text-hearth-800 font-medium' },
  not_this_time: { text: 'Not this time', style: 'text-amber-900 font-medium' },
  not_answered: { text: 'Not answered yet', style: 'text-stone-700' },
  not_covered: { text: 'Not covered', style: 'text-stone-500' },
};

/** One cell of the schedule's "Recording" column. Only a yes allows a recording to be stored. */
export function SessionAnswerCell({ entry }: { entry: SessionAnswerEntry | undefined }) {
  const key = !entry?.covered ? 'not_covered' : (entry.answer ?? 'not_answered');
  const { text, style } = ANSWER_CELL[key];
  return <span className={style}>{text}</span>;
}
