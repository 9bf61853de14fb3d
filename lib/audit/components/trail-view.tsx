import { AUDIT_SUBJECT_TYPES, auditActionLabel } from '@/lib/platform/audit/catalogue';
import { formatInTimeZone } from '@/lib/platform/clock';
import type { AuditRow } from '../queries';

// Rows written before a subject type was renamed show it as stored.
const subjectTypeLabel = (type: string): string => (Object.hasOwn(AUDIT_SUBJECT_TYPES, type) ? AUDIT_SUBJECT_TYPES[type as keyof typeof AUDIT_SUBJECT_TYPES] : type);

function personLabel(row: AuditRow) {
  if (!row.actorId) return 'System';
  return row.actorName ?? 'Unknown';
}

function subjectLabel(row: AuditRow) {
  if (!row.subjectType) return '—';
  if (row.subjectName) return row.subjectName;
  const type = subjectTypeLabel(row.subjectType);
  // A short id is enough to tell rows apart; the full id is in the title.
  return row.subjectId && row.subjectType !== 'practice' ? `${type} ${row.subjectId.slice(0, 8)}` : type;
}

const OUTCOME_STYLES = {
  success: 'bg-hearth-50 text-hearth-800 ring-hearth-100',
  failure: 'bg-amber-50 text-amber-900 ring-amber-200',
  denied: 'bg-red-50 text-red-800 ring-red-200',
} as const;

export function AuditTable({ rows, timeZone }: { rows: AuditRow[]; timeZone: string }) {
  return (
    <div className="-mx-5 overflow-x-auto px-5" role="region" aria-label="Audit events" tabIndex={0}>
      <table className="w-full min-w-[48rem] text-left text-sm">
        <thead className="border-b border-stone-200 text-stone-600">
          <tr>
            {['Time', 'Person', 'Action', 'Subject', 'Outcome', 'IP'].map((heading) => (
              <th key={heading} scope="col" className="py-2 pr-3 font-medium">
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-100 align-top">
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="py-2.5 pr-3 whitespace-nowrap">
                <time dateTime={row.createdAt.toISOString()}>{formatInTimeZone(row.createdAt, timeZone)}</time>
              </td>
              <td className="py-2.5 pr-3">{personLabel(row)}</td>
              <td className="py-2.5 pr-3">
                <span className="text-stone-900" title={row.action}>
                  {auditActionLabel(row.action)}
                </span>
                {row.metadata && Object.keys(row.metadata).length > 0 && (
                  <p className="mt-0.5 text-xs text-stone-600">
                    {Object.entries(row.metadata)
                      .map(([key, value]) => `${key}: ${String(value)}`)
                      .join(', ')}
                  </p>
                )}
              </td>
              <td className="py-2.5 pr-3" title={row.subjectId ?? undefined}>
                {subjectLabel(row)}
              </td>
              <td className="py-2.5 pr-3">
                <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium capitalize ring-1 ${OUTCOME_STYLES[row.outcome]}`}>{row.outcome}</span>
              </td>
              <td className="py-2.5 pr-3 font-mono text-xs whitespace-nowrap">{row.ip ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
