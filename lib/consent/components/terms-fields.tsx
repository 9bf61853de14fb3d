'use client';

import { useId } from 'react';
import type { ActionState } from '@/lib/actions/state';
import { CHANNEL_LABELS, type Channel, formatSessionDay, formatSessionTimes } from '@/lib/appointments/model';
import { FieldError } from '@/lib/ui/form';
import {
  type ConsentTerms,
  LISTENER_LABELS,
  LISTENERS,
  METHOD_LABELS,
  NEXT_SESSIONS_MAX,
  OTHER_PURPOSE_MAX,
  type PracticeLimits,
  PURPOSE_LABELS,
  PURPOSES,
  SESSION_SCOPE_LABELS,
  STORAGE_FOR_METHOD,
  STORAGE_LABELS,
  TERMS_LABELS,
  WITHDRAWAL_LABELS,
} from '../model';

/** An upcoming session that "chosen sessions" can name. */
export interface SessionChoice {
  id: string;
  startsAt: Date;
  durationMinutes: number;
  channel: Channel;
}

/** Which part of the terms a form edits: section 1 (purpose and scope), section 3 (storage and safeguards), or both. */
export type TermsPart = 'purpose_scope' | 'terms' | 'all';

const CONTROL = 'block min-h-11 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base shadow-sm aria-invalid:border-red-600';
const SHORT = 'block min-h-11 w-32 rounded-lg border border-stone-300 bg-white px-3 py-2 text-base shadow-sm aria-invalid:border-red-600';
const BOX = 'mt-1 size-5 shrink-0 accent-hearth-700';
const OPTION = 'flex min-h-11 items-start gap-3 text-stone-800';

/** The terms as form fields, one string per field name, as the schema reads them. */
export function termsAsFields(terms: ConsentTerms): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const purpose of terms.purposes) fields[`purpose_${purpose}`] = 'on';
  if (terms.otherPurpose) fields.otherPurpose = terms.otherPurpose;
  fields.sessionsKind = terms.sessions.kind;
  if (terms.sessions.kind === 'all_from_date') fields.sessionsFrom = terms.sessions.from;
  if (terms.sessions.kind === 'next_n') fields.sessionsCount = String(terms.sessions.count);
  if (terms.sessions.kind === 'chosen') for (const id of terms.sessions.appointmentIds) fields[`appointment_${id}`] = 'on';
  fields.method = terms.method;
  fields.listeners = terms.listeners;
  if (terms.transcriptionAllowed) fields.transcriptionAllowed = 'on';
  fields.retentionDays = String(terms.retentionDays);
  fields.onWithdrawal = terms.onWithdrawal.action;
  if (terms.onWithdrawal.action === 'delete_within_days') fields.onWithdrawalDays = String(terms.onWithdrawal.days);
  return fields;
}

const PURPOSE_FIELD = /^(purpose_|appointment_)|^(otherPurpose|sessionsKind|sessionsFrom|sessionsCount)$/;
const partOfField = (name: string): 'purpose_scope' | 'terms' => (PURPOSE_FIELD.test(name) ? 'purpose_scope' : 'terms');

/** A set of radio buttons or checkboxes with its legend and the errors of its field. */
function Choices({ legend, hint, errors, children }: { legend: string; hint?: string; errors?: string[]; children: React.ReactNode }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <fieldset className="min-w-0 space-y-2" aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}>
      <legend className="text-sm font-medium text-stone-800">{legend}</legend>
      {hint && (
        <p id={hintId} className="text-sm text-stone-600">
          {hint}
        </p>
      )}
      {children}
      <FieldError id={errorId} errors={errors} />
    </fieldset>
  );
}

/** A labelled text, date or number input whose error is tied to it. */
function Input({
  label,
  name,
  errors,
  hint,
  wide = false,
  ...input
}: { label: string; name: string; errors?: string[]; hint?: string; wide?: boolean } & React.InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-stone-800">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="text-sm text-stone-600">
          {hint}
        </p>
      )}
      <input
        id={id}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        className={wide ? CONTROL : SHORT}
        {...input}
      />
      <FieldError id={errorId} errors={errors} />
    </div>
  );
}

/**
 * The terms as a form: purposes, which sessions, how and where recordings are kept, who listens, transcription,
 * retention and what happens on withdrawal. A form for one part carries the other part's current terms as hidden
 * fields, so a save changes only what was shown. After a refusal the fields hold what was typed (`state.values`).
 */
export function TermsFields({
  state,
  terms,
  limits,
  sessions,
  timeZone,
  part,
}: {
  state: ActionState;
  terms: ConsentTerms;
  limits: PracticeLimits;
  sessions: SessionChoice[];
  timeZone: string;
  part: TermsPart;
}) {
  const current = termsAsFields(terms);
  const shows = (section: 'purpose_scope' | 'terms') => part === 'all' || part === section;
  // What the person typed, when the last save was refused; the current terms otherwise.
  const typed = state.values && !state.ok ? state.values : null;
  const value = (name: string) => (typed ? typed[name] : current[name]) ?? '';
  const checked = (name: string) => (typed ? !!typed[name] && typed[name] !== 'false' : current[name] === 'on');
  const errors = state.errors ?? {};
  // Remounted per answer and per terms version, so defaults follow what was typed or what is now agreed.
  const key = JSON.stringify(typed ?? current);
  const hidden = part === 'all' ? [] : Object.entries(current).filter(([name]) => partOfField(name) !== part);
  const sessionsKind = value('sessionsKind');
  const withdrawal = value('onWithdrawal');
  const max = limits.maxRetentionDays;

  return (
    <div key={key} className="space-y-6">
      {hidden.map(([name, fieldValue]) => (
        <input key={name} type="hidden" name={name} value={fieldValue} />
      ))}
      {shows('purpose_scope') && (
        <>
          <Choices legend={TERMS_LABELS.purposes} hint="Choose as many as fit." errors={errors.purposes}>
            {PURPOSES.map((purpose) => (
              <label key={purpose} className={OPTION}>
                <input type="checkbox" name={`purpose_${purpose}`} defaultChecked={checked(`purpose_${purpose}`)} className={BOX} />
                <span>{PURPOSE_LABELS[purpose]}</span>
              </label>
            ))}
          </Choices>
          <TextArea
            label="If something else, say what"
            name="otherPurpose"
            hint={`Only for “${PURPOSE_LABELS.other}”. Up to ${OTHER_PURPOSE_MAX} characters.`}
            defaultValue={value('otherPurpose')}
            errors={errors.otherPurpose}
            rows={2}
          />
          <Choices legend={TERMS_LABELS.sessions} errors={errors.sessionsKind}>
            <div className="space-y-3">
              <label className={OPTION}>
                <input type="radio" name="sessionsKind" value="all_from_date" defaultChecked={sessionsKind === 'all_from_date'} className={BOX} />
                <span>{SESSION_SCOPE_LABELS.all_from_date}, until one of you withdraws</span>
              </label>
              <div className="pl-8">
                <Input label="First date covered" name="sessionsFrom" type="date" defaultValue={value('sessionsFrom')} errors={errors.sessionsFrom} />
              </div>
              <label className={OPTION}>
                <input type="radio" name="sessionsKind" value="next_n" defaultChecked={sessionsKind === 'next_n'} className={BOX} />
                <span>{SESSION_SCOPE_LABELS.next_n}</span>
              </label>
              <div className="pl-8">
                <Input
                  label="How many sessions"
                  name="sessionsCount"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={NEXT_SESSIONS_MAX}
                  step={1}
                  defaultValue={value('sessionsCount')}
                  errors={errors.sessionsCount}
                />
              </div>
              <label className={OPTION}>
                <input type="radio" name="sessionsKind" value="chosen" defaultChecked={sessionsKind === 'chosen'} className={BOX} />
                <span>{SESSION_SCOPE_LABELS.chosen}</span>
              </label>
              <div className="pl-8">
                <Choices legend="Choose the sessions" errors={errors.appointments ?? errors.appointmentIds}>
                  {sessions.length === 0 ? (
                    <p className="text-sm text-stone-600">No upcoming sessions are booked yet.</p>
                  ) : (
                    sessions.map((session) => (
                      <label key={session.id} className={OPTION}>
                        <input type="checkbox" name={`appointment_${session.id}`} defaultChecked={checked(`appointment_${session.id}`)} className={BOX} />
                        <span>
                          {formatSessionDay(session.startsAt, timeZone)}, {formatSessionTimes(session.startsAt, session.durationMinutes, timeZone)} (
                          {CHANNEL_LABELS[session.channel].toLowerCase()})
                        </span>
                      </label>
                    ))
                  )}
                </Choices>
              </div>
            </div>
          </Choices>
        </>
      )}
      {shows('terms') && (
        <>
          <Choices legend={TERMS_LABELS.method} hint="Only the ways your practice allows. Where recordings are kept follows from how they are made." errors={errors.method}>
            {limits.methods.map((method) => (
              <label key={method} className={OPTION}>
                <input type="radio" name="method" value={method} defaultChecked={value('method') === method} className={BOX} />
                <span>
                  {METHOD_LABELS[method]}
                  <span className="block text-sm text-stone-600">Kept in: {STORAGE_LABELS[STORAGE_FOR_METHOD[method]]}</span>
                </span>
              </label>
            ))}
          </Choices>
          <Choices legend={TERMS_LABELS.listeners} errors={errors.listeners}>
            {LISTENERS.map((listeners) => (
              <label key={listeners} className={OPTION}>
                <input type="radio" name="listeners" value={listeners} defaultChecked={value('listeners') === listeners} className={BOX} />
                <span>{LISTENER_LABELS[listeners]}</span>
              </label>
            ))}
          </Choices>
          <Choices legend={TERMS_LABELS.transcriptionAllowed} hint="Off unless you both want it." errors={errors.transcriptionAllowed}>
            <label className={OPTION}>
              <input type="checkbox" name="transcriptionAllowed" defaultChecked={checked('transcriptionAllowed')} className={BOX} />
              <span>Allow automatic transcription or AI note-taking</span>
            </label>
          </Choices>
          <Input
            label={TERMS_LABELS.retentionDays}
            name="retentionDays"
            type="number"
            inputMode="numeric"
            min={1}
            max={max}
            step={1}
            hint={`At most ${max} days in this practice. Recordings are deleted after that.`}
            defaultValue={value('retentionDays')}
            errors={errors.retentionDays}
          />
          <Choices legend={TERMS_LABELS.onWithdrawal} errors={errors.onWithdrawal}>
            <label className={OPTION}>
              <input type="radio" name="onWithdrawal" value="delete_within_days" defaultChecked={withdrawal === 'delete_within_days'} className={BOX} />
              <span>{WITHDRAWAL_LABELS.delete_within_days}</span>
            </label>
            <div className="pl-8">
              <Input
                label="Deleted within (days)"
                name="onWithdrawalDays"
                type="number"
                inputMode="numeric"
                min={0}
                step={1}
                defaultValue={value('onWithdrawalDays')}
                errors={errors.onWithdrawalDays}
              />
            </div>
            <label className={OPTION}>
              <input type="radio" name="onWithdrawal" value="keep_until_retention" defaultChecked={withdrawal === 'keep_until_retention'} className={BOX} />
              <span>{WITHDRAWAL_LABELS.keep_until_retention}</span>
            </label>
          </Choices>
          <ul className="list-disc space-y-1 pl-5 text-sm text-stone-700">
            <li>{TERMS_LABELS.sharingNeedsNewAgreement}.</li>
            <li>{TERMS_LABELS.neutralFileLabels}.</li>
          </ul>
        </>
      )}
    </div>
  );
}

function TextArea({
  label,
  name,
  hint,
  errors,
  ...textarea
}: { label: string; name: string; hint?: string; errors?: string[] } & React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-stone-800">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="text-sm text-stone-600">
          {hint}
        </p>
      )}
      <textarea
        id={id}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        className={CONTROL}
        {...textarea}
      />
      <FieldError id={errorId} errors={errors} />
    </div>
  );
}

export { TextArea as ConsentTextArea };
