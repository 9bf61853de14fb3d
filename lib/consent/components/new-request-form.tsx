'use client';

import Link from 'next/link';
import { useActionState, useState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { routes } from '@/lib/routes';
import { FormMessage, SubmitButton } from '@/lib/ui/form';
import { openRequestAction } from '../actions';
import type { ConsentTerms, PracticeLimits } from '../model';
import { type SessionChoice, TermsFields } from './terms-fields';

/** Who the request is with: the client picks one of their therapists; the therapist's client is fixed by the page. */
export type OpenWith =
  | { kind: 'client'; therapists: { id: string; name: string; upcomingSessions: SessionChoice[] }[] }
  | { kind: 'therapist'; clientId: string; clientName: string; upcomingSessions: SessionChoice[] };

/**
 * Opening the conversation about recording, with a first proposal of the terms (everything can be changed together
 * afterwards). Success goes to the new request; an open one already there is linked to.
 */
export function NewRequestForm({ openWith, startingTerms, limits, timeZone }: { openWith: OpenWith; startingTerms: ConsentTerms; limits: PracticeLimits; timeZone: string }) {
  const [state, action] = useActionState(openRequestAction, initialActionState);
  const therapists = openWith.kind === 'client' ? openWith.therapists : [];
  const [therapistId, setTherapistId] = useState(state.values?.therapistId ?? therapists[0]?.id ?? '');
  const sessions = openWith.kind === 'client' ? (therapists.find((t) => t.id === therapistId)?.upcomingSessions ?? []) : openWith.upcomingSessions;
  const existing = typeof state.data?.requestId === 'string' ? state.data.requestId : null;
  return (
    <form action={action} className="space-y-6" noValidate>
      <FormMessage state={state} />
      {existing && (
        <p>
          <Link
            href={openWith.kind === 'client' ? routes.portalRecordingRequest(existing) : routes.practiceRecordingRequest(openWith.clientId, existing)}
            className="font-medium text-hearth-700 underline underline-offset-2"
          >
            Go to the conversation already under way
          </Link>
        </p>
      )}
      {openWith.kind === 'therapist' ? (
        <input type="hidden" name="clientId" value={openWith.clientId} />
      ) : therapists.length === 1 ? (
        <>
          <input type="hidden" name="therapistId" value={therapists[0].id} />
          <p className="text-stone-800">
            With <span className="font-medium">{therapists[0].name}</span>, your therapist.
          </p>
        </>
      ) : (
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-stone-800">Which therapist?</legend>
          {therapists.map((therapist) => (
            <label key={therapist.id} className="flex min-h-11 items-start gap-3 text-stone-800">
              <input
                type="radio"
                name="therapistId"
                value={therapist.id}
                checked={therapistId === therapist.id}
                onChange={() => setTherapistId(therapist.id)}
                className="mt-1 size-5 shrink-0 accent-hearth-700"
              />
              <span>{therapist.name}</span>
            </label>
          ))}
        </fieldset>
      )}
      <p className="text-sm text-stone-600">
        This is a first proposal. {openWith.kind === 'client' ? 'Your therapist' : openWith.clientName} can read it, ask questions and suggest changes; nothing
        is recorded until you have both signed.
      </p>
      <TermsFields state={state} terms={startingTerms} limits={limits} sessions={sessions} timeZone={timeZone} part="all" />
      <SubmitButton pendingText="Starting…">Start the conversation</SubmitButton>
    </form>
  );
}
