import type { Metadata } from 'next';
import { OutboxMessages, OutboxPages } from '@/lib/outbox/components/outbox-view';
import { getOutboxPage } from '@/lib/outbox/data';
import { PageHeading } from '@/lib/ui/app-shell';

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
      <OutboxMessages messages={messages} timeZone={timeZone} />
      <OutboxPages page={page} pageCount={pageCount} total={total} />
    </>
  );
}
