import 'server-only';
import { getDb } from '@/db/client';
import { audit } from '@/lib/platform/audit/record';
import { env } from '@/lib/platform/config';
import { getRequestContext } from '@/lib/platform/http';
import { requireUser } from '../auth/guards';
import { listOutboxMessages } from './queries';

/**
 * The signed-in admin's practice outbox; `page` is whatever the URL said, clamped to real pages.
 * Reading it is audited: the recipients show whom the practice writes to, its clients among them.
 */
export async function getOutboxPage(page: string | undefined) {
  const admin = await requireUser('outbox:view');
  const requested = Number.parseInt(page ?? '1', 10);
  const db = await getDb();
  const context = await getRequestContext();
  const result = await db.transaction(async (tx) => {
    const found = await listOutboxMessages(tx, admin.practiceId, Number.isFinite(requested) ? requested : 1);
    await audit(tx, admin, context, 'outbox.viewed', { subjectType: 'practice', subjectId: admin.practiceId, metadata: { page: found.page } });
    return found;
  });
  return { ...result, timeZone: admin.timeZone, smtpConfigured: !!env.smtpUrl };
}
