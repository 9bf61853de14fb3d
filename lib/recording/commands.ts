import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { practiceRecordingSettings, practices } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { audit } from '@/lib/platform/audit/record';
import type { RequestContext } from '@/lib/platform/http';
import type { RecordingTerms } from './model';
import { getRecordingSettings, TERM_KEYS } from './queries';

export type RecordingSettingsResult = { status: 'saved'; changed: (keyof RecordingTerms)[] } | { status: 'unchanged' };

/** Saves the actor's practice's settings and audits which changed, with their new values (all codes and numbers). */
export function updateRecordingSettings(db: DbOrTx, actor: Actor, input: RecordingTerms, request: RequestContext): Promise<RecordingSettingsResult> {
  return db.transaction(async (tx) => {
    // The practice row is the lock: the settings row may not exist yet, so two first saves still run one after the other.
    await tx.select({ id: practices.id }).from(practices).where(eq(practices.id, actor.practiceId)).for('no key update');
    const current = await getRecordingSettings(tx, actor.practiceId);
    const changed = TERM_KEYS.filter((key) => input[key] !== current[key]);
    if (changed.length === 0) return { status: 'unchanged' };
    const row = { ...input, updatedById: actor.id, updatedAt: sql`now()` };
    await tx
      .insert(practiceRecordingSettings)
      .values({ practiceId: actor.practiceId, ...row })
      .onConflictDoUpdate({ target: practiceRecordingSettings.practiceId, set: row });
    await audit(tx, actor, request, 'recording.settings_changed', {
      subjectType: 'practice',
      subjectId: actor.practiceId,
      metadata: Object.fromEntries(changed.map((key) => [key, input[key]])),
    });
    return { status: 'saved', changed };
  });
}
