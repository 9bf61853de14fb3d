'use client';

import { useActionState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FormMessage, SelectField, SubmitButton } from '@/lib/ui/form';
import { assignCareAction } from '../actions';

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
