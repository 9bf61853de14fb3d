import { PARTY_LABELS, type Party, REQUEST_STATES, type RequestState } from '../model';
import type { REGISTER_ENDING_SOON_DAYS as QUERY_HORIZON_DAYS } from '../queries';
import { StateBadge } from './status-view';
import { shortDate } from './status-words';

/** One row of the practice's register: who, state and dates. Metadata only, never the terms or the thread. */
export interface RegisterEntry {
  id: string;
  state: RequestState;
  openedBy: Party;
  clientName: string;
  therapistName: string;
  openedAt: Date;
  activatedAt: Date | null;
  closedAt: Date | null;
  endsAt: Date | null;
}

/** How far ahead "ending soon" looks: the register query's horizon (the type keeps the two equal). */
export const REGISTER_ENDING_SOON_DAYS: typeof QUERY_HORIZON_DAYS = 30;

const COUNT_LABELS: Record<RequestState, string> = {
  discussing: 'Being discussed',
  awaiting_signatures: 'Waiting for signatures',
  active: 'In force',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
  ended: 'Ended',
};

/** Counts of the practice's recording requests by state. */
export function RegisterCounts({ counts }: { counts: Record<RequestState, number> }) {
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3">
      {REQUEST_STATES.map((state) => (
        <div key={state} className="rounded-lg bg-stone-50 p-3 ring-1 ring-stone-200">
          <dt className="text-sm text-stone-600">{COUNT_LABELS[state]}</dt>
          <dd className="text-2xl font-semibold text-stone-900">{counts[state]}</dd>
        </div>
      ))}
    </dl>
  );
}

const date = (value: Date | null, timeZone: string) => (value ? shortDate(value, timeZone) : <span className="text-stone-500">—</span>);

/** Agreements in force that end by themselves soon. */
export function RegisterEndingSoon({ entries, timeZone }: { entries: RegisterEntry[]; timeZone: string }) {
  if (entries.length === 0) return <p className="text-stone-600">No agreement in force ends by itself in the next {REGISTER_ENDING_SOON_DAYS} days.</p>;
  return (
    <ul className="divide-y divide-stone-100">
      {entries.map((entry) => (
        <li key={entry.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
          <span>
            <span className="font-medium text-stone-900">{entry.clientName}</span> with {entry.therapistName}
          </span>
          <span className="text-sm text-stone-700">Ends {entry.endsAt ? shortDate(entry.endsAt, timeZone) : 'soon'}</span>
        </li>
      ))}
    </ul>
  );
}

/** Every request of the practice, latest change first. */
export function RegisterTable({ entries, timeZone }: { entries: RegisterEntry[]; timeZone: string }) {
  if (entries.length === 0) return <p className="text-stone-600">No recording requests yet.</p>;
  return (
    <div className="-mx-5 overflow-x-auto px-5" role="region" aria-label="Recording register" tabIndex={0}>
      <table className="w-full min-w-[44rem] text-left text-sm">
        <caption className="sr-only">Every recording request of the practice: who, state and dates</caption>
        <thead className="border-b border-stone-200 text-stone-600">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">
              Client
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Therapist
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              State
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Opened by
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Opened
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              In force from
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Closed
            </th>
            <th scope="col" className="py-2 font-medium">
              Ends
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-100">
          {entries.map((entry) => (
            <tr key={entry.id}>
              <th scope="row" className="py-3 pr-3 font-medium text-stone-900">
                {entry.clientName}
              </th>
              <td className="py-3 pr-3">{entry.therapistName}</td>
              <td className="py-3 pr-3">
                <StateBadge state={entry.state} reader="therapist" />
              </td>
              <td className="py-3 pr-3">{PARTY_LABELS[entry.openedBy]}</td>
              <td className="py-3 pr-3 whitespace-nowrap">{date(entry.openedAt, timeZone)}</td>
              <td className="py-3 pr-3 whitespace-nowrap">{date(entry.activatedAt, timeZone)}</td>
              <td className="py-3 pr-3 whitespace-nowrap">{date(entry.closedAt, timeZone)}</td>
              <td className="py-3 whitespace-nowrap">{entry.state !== 'active' ? date(null, timeZone) : entry.endsAt ? shortDate(entry.endsAt, timeZone) : 'Open-ended'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
