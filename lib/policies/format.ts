/** A calendar date (YYYY-MM-DD) as people read it, e.g. "1 Mar 2026". */
export function formatPolicyDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(Date.UTC(year, month - 1, day)));
}

/** Enough of a SHA-256 to tell versions apart at a glance; the full hash goes alongside. */
export const shortHash = (sha256: string) => sha256.slice(0, 12);
