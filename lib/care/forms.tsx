'use client';

import { useActionState } from 'react';
import { initialActionState } from '../actions/state';
import { FormMessage, SelectField, SubmitButton } from '../ui/form';
import { assignCareAction, endCareAction } from './actions';

interface Person {
  id: string;
  name: string;
}

const toOptions = (people: Person[], placeholder: string) => [
  { value: '', label: placeholder },
  ...people.map((person) => ({ value: person.id, label: person.name })),
];

export function AssignCareForm({ clients, therapists }: { clients: Person[]; therapists: Person[] }) {
  const [state, action] = useActionState(assignCareAction, initialActionState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Client" name="clientId" options={toOptions(clients, 'Choose a client')} defaultValue="" state={state} required />
        <SelectField label="Therapist" name="therapistId" options={toOptions(therapists, 'Choose a therapist')} defaultValue="" state={state} required />
      </div>
      <SubmitButton pendingText="Assigning…">Assign</SubmitButton>
    </form>
  );
}

/**
 * The "End" button of an open relationship. Rendered for ended ones too (without the button),
 * so the confirmation stays on screen when the row moves down among the ended relationships.
 */
export function EndCareForm({ relationship }: { relationship: { id: string; clientName: string; therapistName: string; endedOn: string | null } }) {
  const [state, action] = useActionState(endCareAction, initialActionState);
  if (relationship.endedOn) return <FormMessage state={state} />;
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="relationshipId" value={relationship.id} />
      <SubmitButton variant="secondary" pendingText="Ending…">
        <span aria-hidden="true">End</span>
        <span className="sr-only">
          End care: {relationship.clientName} with {relationship.therapistName}
        </span>
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
