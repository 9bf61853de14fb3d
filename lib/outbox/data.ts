import 'server-only';
import { getDb } from '@/db/client';
import { recordAudit } from '@/lib/platform/audit/record';
import { requireUser } from '../auth/guards';
import { env } from '@/lib/platform/config';
import { getRequestContext } from '@/lib/platform/http';
import { listOutboxMessages } from './queries';

/**
 * The signed-in admin's practice outbox; `page` is whatever the URL said, clamped to real pages.
 * Reading it is audited: the messages hold working invitation and password-reset links.
 */
export async function getOutboxPage(page: string | undefined) {
  const admin = await requireUser('outbox:view');
  const requested = Number.parseInt(page ?? '1', 10);
  const db = await getDb();
  const context = await getRequestContext();
  const result = await db.transaction(async (tx) => {
    const found = await listOutboxMessages(tx, admin.practiceId, Number.isFinite(requested) ? requested : 1);
    await recordAudit(tx, {
      practiceId: admin.practiceId,
      actorId: admin.id,
      action: 'outbox.viewed',
      subjectType: 'practice',
      subjectId: admin.practiceId,
      metadata: { page: found.page },
      context,
    });
    return found;
  });
  return { ...result, timeZone: admin.timeZone, smtpConfigured: !!env.smtpUrl };
}
