import Link from 'next/link';
import { formatInTimeZone } from '@/lib/platform/clock';
import { MAIL_STATE_LABELS, mailKindLabel } from '@/lib/platform/mail/kinds';
import { routes } from '@/lib/routes';
import { Card } from '@/lib/ui/app-shell';
import type { OutboxMessage } from '../queries';

const PAGE_LINK = 'rounded-lg px-3 py-2 font-medium text-hearth-700 ring-1 ring-stone-300 hover:bg-stone-100';

/** One page of messages, newest first: who each is for, what kind it is, and where delivery stands. */
export function OutboxMessages({ messages, timeZone }: { messages: OutboxMessage[]; timeZone: string }) {
  if (messages.length === 0) {
    return (
      <Card>
        <p className="text-stone-600">The outbox is empty.</p>
      </Card>
    );
  }
  return (
    <ol className="space-y-4" aria-label="Messages, newest first">
      {messages.map((message) => (
        <li key={message.id}>
          <article className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-stone-200" aria-labelledby={`subject-${message.id}`}>
            <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
              <dt className="text-stone-600">To</dt>
              <dd className="break-all">{message.to}</dd>
              <dt className="text-stone-600">Subject</dt>
              <dd id={`subject-${message.id}`} className="font-semibold text-stone-900">
                {message.subject}
              </dd>
              <dt className="text-stone-600">Kind</dt>
              <dd>{mailKindLabel(message.kind)}</dd>
              <dt className="text-stone-600">Written</dt>
              <dd>
                <time dateTime={message.createdAt.toISOString()}>{formatInTimeZone(message.createdAt, timeZone)}</time>
              </dd>
              <dt className="text-stone-600">State</dt>
              <dd>
                {MAIL_STATE_LABELS[message.state]}
                {message.sentAt && (
                  <>
                    {' '}
                    <time dateTime={message.sentAt.toISOString()}>{formatInTimeZone(message.sentAt, timeZone)}</time>
                  </>
                )}
                {message.state !== 'sent' && message.attempts > 0 && ` (${message.attempts} attempts${message.lastError ? `; last error: ${message.lastError}` : ''})`}
              </dd>
            </dl>
          </article>
        </li>
      ))}
    </ol>
  );
}

/** Links to the newer and older pages, when there is more than one. */
export function OutboxPages({ page, pageCount, total }: { page: number; pageCount: number; total: number }) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label="Outbox pages" className="mt-6 flex items-center justify-between gap-3 text-sm">
      {page > 1 ? (
        <Link href={`${routes.adminOutbox}?page=${page - 1}`} className={PAGE_LINK}>
          Newer messages
        </Link>
      ) : (
        <span />
      )}
      <p className="text-stone-600">
        Page {page} of {pageCount} ({total} messages)
      </p>
      {page < pageCount ? (
        <Link href={`${routes.adminOutbox}?page=${page + 1}`} className={PAGE_LINK}>
          Older messages
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
