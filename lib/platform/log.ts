import { randomUUID } from 'node:crypto';

/**
 * Logs a server failure without its message: database and library errors often quote the
 * values involved (emails, names), which must not reach the logs. The reference lets an
 * operator match a user's report to the log line.
 */
export function logError(what: string, error: unknown): string {
  const reference = randomUUID().slice(0, 8);
  const name = error instanceof Error ? error.name : typeof error;
  // A query error carries the driver's code on its cause.
  const code = (error as { code?: unknown } | null)?.code ?? (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  // Only the "at ..." frames: the stack starts with the message, which may run over several
  // lines (a failed query's message ends with its parameters).
  const frames =
    error instanceof Error
      ? (error.stack ?? '')
          .split('\n')
          .filter((line) => /^\s+at /.test(line))
          .slice(0, 5)
          .join('\n')
      : '';
  console.error(`[hearth] ${what} ref=${reference} error=${name}${code ? ` code=${String(code)}` : ''}\n${frames}`);
  return reference;
}
