import Link from 'next/link';
import { CHANNEL_LABELS, formatSessionDay, formatSessionTimes } from '@/lib/appointments/model';
import { dateFormat } from '@/lib/platform/clock';
import { routes } from '@/lib/routes';
import { Card } from '@/lib/ui/app-shell';
import type { getClientRequestPage } from '../data';
import {
  ALTERNATIVE_LABELS,
  type ConsentTerms,
  DISCUSSION_SECTIONS,
  type DiscussionSection,
  END_REASON_LABELS,
  EVENT_LABELS,
  LISTENER_LABELS,
  METHOD_LABELS,
  type Party,
  PURPOSE_LABELS,
  REQUEST_STATE_LABELS,
  SECTION_LABELS,
  SECTIONS,
  type Section,
  SESSION_ANSWER_LABELS,
  STORAGE_LABELS,
  TERMS_LABELS,
} from '../model';
import { AlternativesForm } from './alternatives-form';
import { DeclineForm } from './decline-form';
import { MessageForm } from './message-form';
import { PreferencesForm } from './preferences-form';
import { SectionTickForm } from './section-tick-form';
import { SessionAnswerForm } from './session-answer-form';
import { SignForm } from './sign-form';
import { ChangeTermsForm } from './terms-form';
import { WithdrawForm } from './withdraw-form';

export type RequestPage = Awaited<ReturnType<typeof getClientRequestPage>>;
type Session = RequestPage['upcomingSessions'][number];

const LINK = 'font-medium text-hearth-700 underline underline-offset-2';
const WRAP = '[overflow-wrap:anywhere]';

const other = (party: Party): Party => (party === 'client' ? 'therapist' : 'client');

/** "12 March 2025" in the practice's time zone. */
const day = (instant: Date, timeZone: string) => dateFormat('en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(instant);
/** "12 Mar 2025, 09:41 GMT" in the practice's time zone. */
const moment = (instant: Date, timeZone: string) =>
  dateFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(instant);
const isoDay = (iso: string) => dateFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${iso}T12:00:00Z`));
const sessionLabel = (session: Pick<Session, 'startsAt' | 'durationMinutes' | 'channel'>, timeZone: string) =>
  `${formatSessionDay(session.startsAt, timeZone)}, ${formatSessionTimes(session.startsAt, session.durationMinutes, timeZone)}, ${CHANNEL_LABELS[session.channel].toLowerCase()}`;

/** Who the viewer and the other person are, in the words the page uses. */
function people(page: RequestPage) {
  const otherParty = other(page.party);
  const otherName = otherParty === 'client' ? page.client.name : page.therapist.name;
  const nameOf = (party: Party | 'system') => (party === 'system' ? 'Hearth' : party === page.party ? 'You' : otherName);
  return { otherParty, otherName, nameOf };
}

/** The section open when the page loads: the first one waiting on the viewer, then on the other person; signing when it is time. */
function currentSection(page: RequestPage): Section | null {
  // Waiting for signatures, and once in force, the agreement is what there is to read.
  if (page.state === 'awaiting_signatures' || page.state === 'active') return 'agreement';
  if (page.state !== 'discussing') return null;
  return (
    DISCUSSION_SECTIONS.find((section) => !page.ticks[section][page.party]) ?? DISCUSSION_SECTIONS.find((section) => !page.ticks[section][other(page.party)]) ?? null
  );
}

function sectionStatus(page: RequestPage, section: Section): { text: string; done: boolean } {
  const { otherName, otherParty } = people(page);
  if (section === 'agreement') {
    const signed = page.signatures.map((signature) => signature.party);
    if (page.state === 'active' || (page.state !== 'discussing' && page.state !== 'awaiting_signatures' && signed.length === 2)) return { text: 'Signed by you both', done: true };
    if (page.state === 'awaiting_signatures') {
      if (signed.includes(page.party)) return { text: `You have signed · waiting for ${otherName}`, done: false };
      return { text: signed.includes(otherParty) ? `${otherName} has signed · your turn to sign` : 'Ready to sign · your turn', done: false };
    }
    if (page.state === 'discussing') return { text: 'Opens once every section is discussed', done: false };
    return { text: 'Not signed', done: false };
  }
  const ticks = page.ticks[section];
  if (ticks.client && ticks.therapist) return { text: 'Discussed by you both', done: true };
  if (ticks[page.party]) return { text: `You have marked it · waiting for ${otherName}`, done: false };
  if (ticks[otherParty]) return { text: `${otherName} has marked it · your turn`, done: false };
  return { text: 'Not discussed yet', done: false };
}

/** Where things stand: the state, progress through the sections, whose turn it is, and the ways out. */
function StatusCard({ page }: { page: RequestPage }) {
  const { otherName, nameOf } = people(page);
  const { timeZone } = page.viewer;
  const open = page.state === 'discussing' || page.state === 'awaiting_signatures';
  const discussed = page.sectionsDiscussed.length;
  const yourTurn = page.waitingOn.includes(page.party);
  const theirTurn = page.waitingOn.includes(other(page.party));
  const outcome = page.outcome;
  return (
    <section aria-labelledby="status-heading" className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-stone-200">
      <h2 id="status-heading" className="text-lg font-semibold text-stone-900">
        Where things stand
      </h2>
      <p className="mt-2 text-base font-medium text-stone-900">{REQUEST_STATE_LABELS[page.state]}</p>
      {open && (
        <>
          <p className="mt-1 text-stone-700">
            {discussed} of {DISCUSSION_SECTIONS.length} sections discussed.{' '}
            {yourTurn && theirTurn ? `Waiting for you and ${otherName}.` : yourTurn ? 'Waiting for you.' : theirTurn ? `Waiting for ${otherName}.` : ''}
          </p>
          <div
            role="progressbar"
            aria-label="Sections discussed"
            aria-valuemin={0}
            aria-valuemax={DISCUSSION_SECTIONS.length}
            aria-valuenow={discussed}
            className="mt-3 h-2 overflow-hidden rounded-full bg-stone-200"
          >
            <div className={`h-full rounded-full bg-hearth-600 ${PROGRESS_WIDTH[discussed]}`} />
          </div>
        </>
      )}
      {page.state === 'active' && (
        <p className="mt-1 text-stone-700">
          In force since {page.activatedAt ? day(page.activatedAt, timeZone) : 'signing'}.{' '}
          {page.endsAt
            ? `It ends by itself after ${day(page.endsAt, timeZone)}.`
            : page.terms.terms.sessions.kind === 'all_from_date'
              ? 'It lasts until one of you withdraws.'
              : 'It ends by itself after the sessions it covers.'}
        </p>
      )}
      {outcome?.kind === 'declined' && (
        <div className="mt-1 space-y-1 text-stone-700">
          <p>Recording was declined{page.closedAt ? ` on ${day(page.closedAt, timeZone)}` : ''}. Nothing will be recorded.</p>
          <p>
            {outcome.alternatives.length > 0
              ? `Chosen instead: ${outcome.alternatives.map((code) => ALTERNATIVE_LABELS[code].toLowerCase()).join('; ')}.`
              : 'No alternatives were chosen.'}
          </p>
        </div>
      )}
      {outcome?.kind === 'withdrawn' && (
        <div className="mt-1 space-y-1 text-stone-700">
          <p>
            {nameOf(outcome.by) === 'You' ? 'You withdrew' : `${otherName} withdrew`}
            {page.closedAt ? ` on ${day(page.closedAt, timeZone)}` : ''}. Nothing more will be recorded.
          </p>
          {outcome.reason && <p className={`whitespace-pre-wrap ${WRAP}`}>Reason given: {outcome.reason}</p>}
        </div>
      )}
      {outcome?.kind === 'ended' && <p className="mt-1 text-stone-700">{END_REASON_LABELS[outcome.reason]}. Nothing more will be recorded.</p>}
      <ol className="mt-4 space-y-1 text-sm" aria-label="Sections">
        {SECTIONS.map((section, index) => {
          const status = sectionStatus(page, section);
          return (
            <li key={section} className="flex flex-wrap items-baseline gap-x-2">
              <span aria-hidden="true" className={status.done ? 'text-hearth-700' : 'text-stone-400'}>
                {status.done ? '✓' : '○'}
              </span>
              <a href={`#section-${section}`} className="font-medium text-hearth-800 underline-offset-2 hover:underline">
                {index + 1}. {SECTION_LABELS[section]}
              </a>
              <span className="text-stone-600">{status.text}</span>
            </li>
          );
        })}
      </ol>
      <p className="mt-4 text-sm">
        <a href="#messages" className={LINK}>
          Messages{page.unread > 0 ? ` (${page.unread} new)` : ''}
        </a>
      </p>
      {(open || page.state === 'active') && (
        <div className="mt-4 border-t border-stone-200 pt-4">
          {page.party === 'client' && open ? (
            <>
              <p className="mb-2 text-sm text-stone-700">You can say no at any point. No reason is needed, and your care stays the same.</p>
              <DeclineForm requestId={page.id} proposed={page.alternatives} />
            </>
          ) : (
            <>
              <p className="mb-2 text-sm text-stone-700">
                {page.state === 'active'
                  ? 'Either of you can withdraw at any time, and recording stops at once.'
                  : 'If recording is not right here after all, you can close this conversation.'}
              </p>
              <WithdrawForm requestId={page.id} inForce={page.state === 'active'} />
            </>
          )}
        </div>
      )}
    </section>
  );
}

// The progress bar's widths: whole fifths, as classes (no inline styles under the CSP).
const PROGRESS_WIDTH = ['w-0', 'w-1/5', 'w-2/5', 'w-3/5', 'w-4/5', 'w-full'];

/** The sessions an agreement in force covers, with the client's "still OK to record?" answer for each upcoming one. */
function SessionsCard({ page }: { page: RequestPage }) {
  const { timeZone } = page.viewer;
  const { otherName } = people(page);
  const upcoming = new Set(page.upcomingSessions.map((session) => session.appointmentId));
  const next = page.coveredSessions.filter((session) => upcoming.has(session.appointmentId)).slice(0, 5);
  return (
    <section aria-labelledby="covered-heading" className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-stone-200">
      <h2 id="covered-heading" className="mb-3 text-lg font-semibold text-stone-900">
        Sessions this agreement covers
      </h2>
      {next.length === 0 ? (
        <p className="text-stone-600">No upcoming session is covered at the moment.</p>
      ) : (
        <ul className="divide-y divide-stone-100">
          {next.map((session) => {
            const when = sessionLabel(session, timeZone);
            return (
              <li key={session.appointmentId} className="space-y-2 py-3">
                <p className="font-medium text-stone-900">{when}</p>
                {page.party === 'client' ? (
                  <>
                    <p className="text-stone-700">
                      Still OK to record this session?{' '}
                      {session.answer ? <span className="font-medium">Your answer: {SESSION_ANSWER_LABELS[session.answer].toLowerCase()}.</span> : 'Not answered yet.'}
                    </p>
                    <SessionAnswerForm requestId={page.id} appointmentId={session.appointmentId} when={when} answer={session.answer} />
                  </>
                ) : (
                  <p className="text-stone-700">
                    {session.answer === 'yes'
                      ? `${otherName} said yes: this session may be recorded.`
                      : session.answer === 'not_this_time'
                        ? `${otherName} said not this time: do not record this session.`
                        : `${otherName} has not answered yet: do not record until they say yes.`}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** The terms of one part as a list to read. */
function TermsList({ terms, part, sessions, timeZone }: { terms: ConsentTerms; part: 'purpose_scope' | 'terms' | 'all'; sessions: Session[]; timeZone: string }) {
  const rows: [string, React.ReactNode][] = [];
  if (part !== 'terms') {
    rows.push([TERMS_LABELS.purposes, terms.purposes.map((purpose) => PURPOSE_LABELS[purpose]).join('; ') || 'None chosen yet']);
    if (terms.otherPurpose) rows.push([TERMS_LABELS.otherPurpose, <span className={`whitespace-pre-wrap ${WRAP}`}>{terms.otherPurpose}</span>]);
    const scope = terms.sessions;
    rows.push([
      TERMS_LABELS.sessions,
      scope.kind === 'all_from_date' ? (
        `Every session from ${isoDay(scope.from)}, until one of you withdraws`
      ) : scope.kind === 'next_n' ? (
        `The next ${scope.count} session${scope.count === 1 ? '' : 's'} once the agreement is in force`
      ) : (
        <ul className="list-disc pl-5">
          {scope.appointmentIds.map((id) => {
            const session = sessions.find((s) => s.appointmentId === id);
            return <li key={id}>{session ? sessionLabel(session, timeZone) : 'A session no longer booked'}</li>;
          })}
        </ul>
      ),
    ]);
  }
  if (part !== 'purpose_scope') {
    rows.push([TERMS_LABELS.method, METHOD_LABELS[terms.method]]);
    rows.push([TERMS_LABELS.storage, STORAGE_LABELS[terms.storage]]);
    rows.push([TERMS_LABELS.listeners, LISTENER_LABELS[terms.listeners]]);
    rows.push([TERMS_LABELS.transcriptionAllowed, terms.transcriptionAllowed ? 'Allowed' : 'Not allowed']);
    rows.push([TERMS_LABELS.retentionDays, `${terms.retentionDays} days`]);
    rows.push([
      TERMS_LABELS.onWithdrawal,
      terms.onWithdrawal.action === 'delete_within_days'
        ? `Recordings are deleted within ${terms.onWithdrawal.days} day${terms.onWithdrawal.days === 1 ? '' : 's'}`
        : 'Recordings are kept until their retention period ends, then deleted',
    ]);
    rows.push(['Sharing', TERMS_LABELS.sharingNeedsNewAgreement]);
    rows.push(['File names', TERMS_LABELS.neutralFileLabels]);
  }
  return (
    <dl className="grid gap-x-4 gap-y-2 sm:grid-cols-[14rem_minmax(0,1fr)]">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-sm font-medium text-stone-600">{label}</dt>
          <dd className="min-w-0 text-stone-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Who has ticked a section, in words, and the tick for the viewer. */
function SectionFooter({ page, section }: { page: RequestPage; section: DiscussionSection }) {
  const { otherParty, otherName } = people(page);
  const ticks = page.ticks[section];
  const tickable = page.state === 'discussing' || page.state === 'awaiting_signatures';
  return (
    <div className="mt-4 space-y-3 border-t border-stone-200 pt-4">
      <p className="text-sm text-stone-700">
        You: {ticks[page.party] ? 'discussed' : 'not yet'} · {otherName}: {ticks[otherParty] ? 'discussed' : 'not yet'}
      </p>
      {tickable && <SectionTickForm requestId={page.id} section={section} label={SECTION_LABELS[section]} rowVersion={page.rowVersion} ticked={ticks[page.party]} />}
    </div>
  );
}

function PolicyLine({ policy }: { policy: RequestPage['policies'][number] }) {
  return (
    <p className="text-stone-800">
      <span className="font-medium">{policy.title}</span>, version {policy.version}, in effect since {isoDay(policy.effectiveOn)}.
    </p>
  );
}

function PracticePolicySection({ page }: { page: RequestPage }) {
  const recording = page.policies.find((policy) => policy.kind === 'recording');
  const { otherName } = people(page);
  const editable = page.state === 'discussing';
  return (
    <div className="space-y-4">
      {recording ? <PolicyLine policy={recording} /> : <p className="text-stone-700">The practice has not published a recording policy.</p>}
      {page.clientAcknowledgedRecordingPolicy ? (
        <p className="text-sm text-hearth-800">{page.party === 'client' ? 'You have read and confirmed this version.' : `${otherName} has read and confirmed this version.`}</p>
      ) : page.party === 'client' ? (
        <p className="text-sm font-medium text-amber-800">
          Please read and confirm this policy before marking this section.{' '}
          <Link href={routes.portalPolicies} className={LINK}>
            Read and confirm the recording policy
          </Link>
        </p>
      ) : (
        <p className="text-sm font-medium text-amber-800">{otherName} has not confirmed this version yet; this section can be marked once they have.</p>
      )}
      <div>
        <h4 className="font-medium text-stone-900">The therapist’s own preferences</h4>
        {page.preferences ? (
          <p className={`mt-1 whitespace-pre-wrap text-stone-800 ${WRAP}`}>{page.preferences}</p>
        ) : (
          <p className="mt-1 text-stone-600">{page.party === 'therapist' ? 'You have not written any yet.' : 'None written yet.'}</p>
        )}
      </div>
      {page.party === 'therapist' && editable && <PreferencesForm requestId={page.id} rowVersion={page.rowVersion} preferences={page.preferences} />}
    </div>
  );
}

function LawSection({ page }: { page: RequestPage }) {
  const confidentiality = page.policies.find((policy) => policy.kind === 'confidentiality');
  const first = page.guidance.channels[0]?.guidance;
  return (
    <div className="space-y-5">
      {page.guidance.channels.map(({ channel, label, guidance }) => (
        <section key={channel} aria-labelledby={`law-${channel}`} className="space-y-2">
          <h4 id={`law-${channel}`} className="font-semibold text-stone-900">
            {label}
          </h4>
          {guidance.jurisdictions.length > 0 && <p className="text-sm text-stone-600">{guidance.jurisdictions.map((place) => place.name).join(' and ')}</p>}
          <p className="text-stone-800">
            <span className="font-medium">Who must consent: </span>
            {guidance.whoMustConsent}
          </p>
          {guidance.contested && (
            <p className="rounded-lg bg-amber-50 px-3 py-2 text-amber-900 ring-1 ring-amber-200">
              The law here is contested or unsettled, so Hearth treats it as needing everyone’s consent.
            </p>
          )}
          <ul className="list-disc space-y-1 pl-5 text-stone-700">
            {[...guidance.whatTheLawAsks, ...guidance.notes].map((line, index) => (
              <li key={index}>{line}</li>
            ))}
          </ul>
          <details className="text-sm text-stone-600">
            <summary className="cursor-pointer font-medium text-stone-700">Sources (last reviewed {isoDay(guidance.lastReviewed)})</summary>
            <ul className="mt-1 list-disc space-y-1 pl-5">
              {guidance.sources.map((source) => (
                <li key={source} className={WRAP}>
                  {source}
                </li>
              ))}
            </ul>
          </details>
        </section>
      ))}
      {first && (
        <>
          <p className="rounded-lg bg-hearth-50 px-3 py-2 text-stone-800 ring-1 ring-hearth-100">{first.hearthPractice}</p>
          <p className="text-sm text-stone-600">{first.disclaimer}</p>
        </>
      )}
      <div className="space-y-2">
        <h4 className="font-semibold text-stone-900">Confidentiality and its limits</h4>
        {confidentiality ? <PolicyLine policy={confidentiality} /> : <p className="text-stone-700">The practice has not published a confidentiality policy.</p>}
        <p className="text-stone-700">
          What is said in therapy stays private, with limits: a therapist may have to share information when someone is at serious risk of harm, or
          where the law requires it (mandatory reporting, for example about the safety of a child). A recording is covered by the same duties. Talk
          through what that means for you before marking this section.
        </p>
        {page.party === 'client' && (
          <p className="text-sm">
            <Link href={routes.portalPolicies} className={LINK}>
              Your practice’s policies
            </Link>
          </p>
        )}
      </div>
    </div>
  );
}

function AlternativesSection({ page }: { page: RequestPage }) {
  return (
    <div className="space-y-4">
      <p className="text-stone-700">Recording is one way to hold on to a session. These can help just as much, alongside it or instead of it.</p>
      {page.alternatives.length > 0 ? (
        <div>
          <h4 className="font-medium text-stone-900">Proposed so far</h4>
          <ul className="mt-1 list-disc pl-5 text-stone-800">
            {page.alternatives.map((code) => (
              <li key={code}>{ALTERNATIVE_LABELS[code]}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="text-stone-600">No alternatives proposed yet.</p>
      )}
      {page.party === 'client' && <p className="text-stone-700">You can say no to recording at any point, with no reason needed.</p>}
      {page.state === 'discussing' && <AlternativesForm requestId={page.id} rowVersion={page.rowVersion} proposed={page.alternatives} />}
    </div>
  );
}

function AgreementSection({ page }: { page: RequestPage }) {
  const { timeZone } = page.viewer;
  const { otherName } = people(page);
  const mine = page.signatures.find((signature) => signature.party === page.party);
  const policiesShown = page.signatures[0]?.policies ?? page.policies.map(({ kind, version, sha256 }) => ({ kind, version, sha256 }));
  return (
    <div className="space-y-4">
      <p className="text-stone-700">Both of you sign these exact terms. The agreement is in force only once you have both signed.</p>
      <TermsList terms={page.terms.terms} part="all" sessions={[...page.upcomingSessions, ...page.coveredSessions]} timeZone={timeZone} />
      <dl className="space-y-2 text-sm">
        <div>
          <dt className="font-medium text-stone-600">Terms version</dt>
          <dd className="text-stone-900">{page.terms.version}</dd>
        </div>
        <div>
          <dt className="font-medium text-stone-600">Fingerprint of the terms (SHA-256)</dt>
          <dd className={`font-mono text-stone-900 ${WRAP}`}>{page.terms.sha256}</dd>
        </div>
        <div>
          <dt className="font-medium text-stone-600">Policy versions</dt>
          <dd>
            <ul className="space-y-1">
              {policiesShown.map((policy) => (
                <li key={`${policy.kind}-${policy.version}`} className={`text-stone-900 ${WRAP}`}>
                  {policy.kind === 'recording' ? 'Recording policy' : policy.kind === 'confidentiality' ? 'Confidentiality policy' : 'Policy'} version{' '}
                  {policy.version} <span className="font-mono text-stone-600">{policy.sha256}</span>
                </li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>
      {page.signatures.length > 0 && (
        <div>
          <h4 className="font-medium text-stone-900">Signatures</h4>
          <ul className="mt-1 space-y-1 text-stone-800">
            {page.signatures.map((signature) => (
              <li key={signature.party}>
                {signature.party === page.party ? 'You' : otherName} signed as “{signature.fullName}” on {moment(signature.signedAt, timeZone)}.
              </li>
            ))}
          </ul>
        </div>
      )}
      {page.state === 'awaiting_signatures' && mine && <p className="font-medium text-stone-800">You have signed. Waiting for {otherName} to sign.</p>}
      {page.state === 'active' && <p className="font-medium text-hearth-800">You have both signed: the agreement is in force.</p>}
      {page.state === 'awaiting_signatures' && !mine && (
        <div className="space-y-2 rounded-lg bg-stone-50 p-4 ring-1 ring-stone-200">
          <h4 className="font-semibold text-stone-900">Sign the agreement</h4>
          <p className="text-sm text-stone-700">Signing means you agree to the terms above. You can withdraw later at any time.</p>
          <SignForm requestId={page.id} termsSha256={page.terms.sha256} accountName={page.viewer.name} hasTwoStep={page.viewer.hasTwoStep} />
        </div>
      )}
      {page.state === 'discussing' && <p className="text-stone-600">Signing opens once you have both marked every section as discussed.</p>}
    </div>
  );
}

function SectionBody({ page, section }: { page: RequestPage; section: Section }) {
  const { timeZone } = page.viewer;
  const editable = page.state === 'discussing' || page.state === 'awaiting_signatures';
  const signed = page.signatures.length > 0;
  const terms = (part: 'purpose_scope' | 'terms') => (
    <div className="space-y-4">
      <TermsList terms={page.terms.terms} part={part} sessions={[...page.upcomingSessions, ...page.coveredSessions]} timeZone={timeZone} />
      {editable && (
        <ChangeTermsForm
          requestId={page.id}
          termsVersion={page.terms.version}
          terms={page.terms.terms}
          limits={page.limits}
          sessions={page.upcomingSessions.map((session) => ({ ...session, id: session.appointmentId }))}
          timeZone={timeZone}
          part={part}
          label={SECTION_LABELS[part]}
          signed={signed}
        />
      )}
    </div>
  );
  switch (section) {
    case 'purpose_scope':
      return terms('purpose_scope');
    case 'practice_policy':
      return <PracticePolicySection page={page} />;
    case 'terms':
      return terms('terms');
    case 'law_ethics':
      return <LawSection page={page} />;
    case 'alternatives':
      return <AlternativesSection page={page} />;
    case 'agreement':
      return <AgreementSection page={page} />;
  }
}

/** The six sections, one open at a time to start with (the one waiting), each with its progress in its summary. */
function Sections({ page }: { page: RequestPage }) {
  const current = currentSection(page);
  return (
    <section aria-labelledby="sections-heading" className="space-y-3">
      <h2 id="sections-heading" className="text-lg font-semibold text-stone-900">
        The conversation, step by step
      </h2>
      {SECTIONS.map((section, index) => {
        const status = sectionStatus(page, section);
        return (
          <details
            key={section}
            id={`section-${section}`}
            open={section === current}
            className="group rounded-xl bg-white shadow-sm ring-1 ring-stone-200 open:ring-hearth-200"
          >
            <summary className="flex min-h-11 cursor-pointer list-none flex-wrap items-baseline gap-x-3 gap-y-1 p-4">
              <h3 className="text-base font-semibold text-stone-900">
                <span aria-hidden="true" className="mr-1 inline-block transition-transform group-open:rotate-90">
                  ›
                </span>
                {index + 1}. {SECTION_LABELS[section]}
              </h3>
              <span className={`text-sm ${status.done ? 'text-hearth-800' : 'text-stone-600'}`}>{status.text}</span>
            </summary>
            <div className="min-w-0 px-4 pb-4">
              <SectionBody page={page} section={section} />
              {section !== 'agreement' && <SectionFooter page={page} section={section} />}
            </div>
          </details>
        );
      })}
    </section>
  );
}

/** The message thread: plain text, shown as text (never as markup), the other person's unread ones marked new. */
function Thread({ page }: { page: RequestPage }) {
  const { timeZone } = page.viewer;
  const { otherName } = people(page);
  const closed = page.state === 'declined' || page.state === 'withdrawn' || page.state === 'ended';
  return (
    <section id="messages" aria-labelledby="messages-heading" className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-stone-200 lg:sticky lg:top-4">
      <h2 id="messages-heading" className="text-lg font-semibold text-stone-900">
        Messages{page.unread > 0 ? <span className="ml-2 rounded-full bg-hearth-700 px-2 py-0.5 text-sm text-white">{page.unread} new</span> : null}
      </h2>
      <p className="mt-1 text-sm text-stone-600">Questions and answers between you and {otherName}, before anyone signs and after.</p>
      {page.thread.length === 0 ? (
        <p className="mt-3 text-stone-600">No messages yet.</p>
      ) : (
        <ol className="mt-3 max-h-[28rem] space-y-3 overflow-y-auto" aria-label="Messages so far" tabIndex={0}>
          {page.thread.map((message) => (
            <li key={message.id} className={`rounded-lg p-3 ${message.mine ? 'bg-hearth-50' : 'bg-stone-50'} ring-1 ring-stone-200`}>
              <p className="text-xs text-stone-600">
                <span className="font-medium text-stone-800">{message.mine ? 'You' : message.from === 'system' ? 'Hearth' : otherName}</span> ·{' '}
                {moment(message.createdAt, timeZone)}
                {message.unread && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 font-semibold text-amber-900">New</span>}
              </p>
              <p className={`mt-1 whitespace-pre-wrap text-stone-900 ${WRAP}`}>{message.body}</p>
            </li>
          ))}
        </ol>
      )}
      <div className="mt-4">
        {closed ? (
          <p className="text-sm text-stone-600">This conversation is closed; its messages are kept as a record.</p>
        ) : (
          <MessageForm requestId={page.id} otherName={otherName} />
        )}
      </div>
    </section>
  );
}

function Receipts({ page }: { page: RequestPage }) {
  if (!page.hasReceipt) return null;
  const link = 'inline-flex min-h-11 items-center rounded-lg bg-white px-4 py-2 text-sm font-semibold text-hearth-800 ring-1 ring-stone-300 hover:bg-stone-100';
  return (
    <Card title="Receipts">
      <p className="mb-3 text-stone-700">A record of this agreement for your files: the people, the terms in full, the law guidance, the policies and every signature.</p>
      <ul className="flex flex-wrap gap-2">
        <li>
          <a href={routes.recordingReceipt(page.id, 'pdf')} className={link}>
            Download receipt (PDF)
          </a>
        </li>
        <li>
          <a href={routes.recordingReceipt(page.id, 'json')} className={link}>
            Download data (JSON)
          </a>
        </li>
        <li>
          <a href={routes.recordingReceipt(page.id, 'fhir')} className={link}>
            Download FHIR Consent
          </a>
        </li>
      </ul>
    </Card>
  );
}

function History({ page }: { page: RequestPage }) {
  const { nameOf } = people(page);
  return (
    <details className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-stone-200">
      <summary className="cursor-pointer text-lg font-semibold text-stone-900">History</summary>
      <ol className="mt-3 space-y-1 text-sm text-stone-700">
        {page.history.map((event, index) => (
          <li key={index}>
            {moment(event.at, page.viewer.timeZone)}: {nameOf(event.by)} · {EVENT_LABELS[event.type] ?? 'Changed the request'}
            {event.fromState !== event.toState && event.fromState ? ` (now: ${REQUEST_STATE_LABELS[event.toState].toLowerCase()})` : ''}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** One recording request as either of its two people sees it: status, sections, messages, sessions and receipts. */
export function RequestView({ page }: { page: RequestPage }) {
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="min-w-0 space-y-6">
        <StatusCard page={page} />
        {page.state === 'active' && <SessionsCard page={page} />}
        <Sections page={page} />
        <Receipts page={page} />
        <History page={page} />
      </div>
      <div className="min-w-0">
        <Thread page={page} />
      </div>
    </div>
  );
}
