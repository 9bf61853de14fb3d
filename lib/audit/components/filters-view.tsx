import Form from 'next/form';
import Link from 'next/link';
import { routes } from '@/lib/routes';
import { SelectField, SubmitButton, TextField } from '@/lib/ui/form';
import { AUDIT_ACTION_OPTIONS, type AuditQuery } from '../model';

interface Props {
  query: AuditQuery;
  people: { id: string; name: string }[];
}

/** A GET form: the filters live in the URL, so a filtered view can be bookmarked or shared. */
export function AuditFilters({ query, people }: Props) {
  const filtered = !!(query.actorId || query.action || query.from || query.to);
  return (
    // Remounted when the filters change, so the fields always show the filters in effect.
    <Form key={JSON.stringify(query)} action={routes.adminAudit} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" aria-label="Filter the audit trail">
      <SelectField
        label="Person"
        name="actor"
        defaultValue={query.actorId ?? ''}
        options={[{ value: '', label: 'Anyone' }, ...people.map((person) => ({ value: person.id, label: person.name }))]}
      />
      <SelectField label="Action" name="action" defaultValue={query.action ?? ''} options={[{ value: '', label: 'Any action' }, ...AUDIT_ACTION_OPTIONS]} />
      <TextField label="From" name="from" type="date" defaultValue={query.from ?? ''} />
      <TextField label="To" name="to" type="date" defaultValue={query.to ?? ''} />
      <div className="flex flex-wrap items-center gap-3 sm:col-span-2 lg:col-span-4">
        <SubmitButton>Filter</SubmitButton>
        {filtered && (
          <Link href={routes.adminAudit} className="min-h-11 rounded-lg px-3 py-2 text-sm font-medium text-hearth-700 underline underline-offset-2">
            Clear filters
          </Link>
        )}
      </div>
    </Form>
  );
}
