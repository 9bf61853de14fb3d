import type { Metadata } from 'next';
import Link from 'next/link';
import { getOutboxPage } from '@/lib/outbox/data';
import { formatInTimeZone } from '@/lib/platform/clock';
import { MAIL_STATE_LABELS, mailKindLabel } from '@/lib/platform/mail/kinds';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Outbox' };

export default async function OutboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const { messages, total, page, pageCount, timeZone, smtpConfigured } = await getOutboxPage(typeof params.page === 'string' ? params.page : undefined);
  return (
    <>
      <PageHeading
        title="Outbox"
        intro="Email Hearth sends for your practice, and where delivery stands. Message text is never kept here: invitation and reset links reach only the person they are for."
      />
      {!smtpConfigured && (
        <p className="mb-6 max-w-2xl rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
          No mail server (SMTP) is configured, so messages are written as files to the server’s mailbox folder instead of being sent.
        </p>
      )}
      {messages.length === 0 ? (
        <Card>
          <p className="text-stone-600">The outbox is empty.</p>
        </Card>
      ) : (
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
      )}
      {pageCount > 1 && (
        <nav aria-label="Outbox pages" className="mt-6 flex items-center justify-between gap-3 text-sm">
          {page > 1 ? (
            <Link href={`/admin/outbox?page=${page - 1}`} className="rounded-lg px-3 py-2 font-medium text-hearth-700 ring-1 ring-stone-300 hover:bg-stone-100">
              Newer messages
            </Link>
          ) : (
            <span />
          )}
          <p className="text-stone-600">
            Page {page} of {pageCount} ({total} messages)
          </p>
          {page < pageCount ? (
            <Link href={`/admin/outbox?page=${page + 1}`} className="rounded-lg px-3 py-2 font-medium text-hearth-700 ring-1 ring-stone-300 hover:bg-stone-100">
              Older messages
            </Link>
          ) : (
            <span />
          )}
        </nav>
      )}
    </>
  );
}
