import type { Metadata } from 'next';
import Link from 'next/link';
import { getOutboxPage } from '@/lib/mail/data';
import { formatInTimeZone } from '@/lib/practice/time';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Outbox' };

// Messages hold links people are meant to follow (in a demo, the admin on their behalf).
function Linkified({ text }: { text: string }) {
  return text.split(/(https?:\/\/\S+)/).map((part, index) =>
    index % 2 === 1 ? (
      <a key={index} href={part} className="font-medium text-hearth-700 underline underline-offset-2">
        {part}
      </a>
    ) : (
      part
    ),
  );
}

export default async function OutboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const { messages, total, page, pageCount, timeZone, smtpConfigured } = await getOutboxPage(typeof params.page === 'string' ? params.page : undefined);
  return (
    <>
      <PageHeading title="Outbox" intro="Email that Hearth wrote for people in your practice: invitations and password resets." />
      <p className="mb-6 max-w-2xl rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
        {smtpConfigured
          ? 'A mail server is configured now, so new email is sent directly. These messages were written before that.'
          : 'No mail server (SMTP) is configured, so email is kept here instead of being sent. Pass the links on to the people they are for, or follow them yourself in a demo. Each link works once.'}
      </p>
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
                  <dt className="text-stone-600">Written</dt>
                  <dd>
                    <time dateTime={message.createdAt.toISOString()}>{formatInTimeZone(message.createdAt, timeZone)}</time>
                  </dd>
                </dl>
                <pre className="mt-3 overflow-x-auto rounded-lg bg-stone-50 p-3 font-sans text-sm whitespace-pre-wrap break-words text-stone-800">
                  <Linkified text={message.text} />
                </pre>
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
