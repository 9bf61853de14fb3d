import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { practices } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { audit } from '@/lib/platform/audit/record';
import type { RequestContext } from '@/lib/platform/http';
import { settingsColumns, settingsFromRow } from './queries';
import type { PracticeSettings } from './schemas';

export type SettingsResult = { status: 'saved'; changed: (keyof PracticeSettings)[] } | { status: 'unchanged' };

/**
 * Saves the settings that differ and records which ones changed. The audit entry carries the new
 * values except the name, which is only marked as changed; an unset country or region is recorded as null.
 */
export function updatePracticeSettings(db: DbOrTx, actor: Actor, input: PracticeSettings, request: RequestContext): Promise<SettingsResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select(settingsColumns).from(practices).where(eq(practices.id, actor.practiceId)).for('update');
    const current = settingsFromRow(row);
    const keys = Object.keys(settingsColumns) as (keyof PracticeSettings)[];
    const changed = keys.filter((key) => input[key] !== current[key]);
    if (changed.length === 0) return { status: 'unchanged' };
    await tx
      .update(practices)
      .set({ ...input, country: input.country ?? null, region: input.region ?? null })
      .where(eq(practices.id, actor.practiceId));
    const metadata = Object.fromEntries(changed.map((key) => [key, key === 'name' ? 'changed' : (input[key] ?? null)]));
    await audit(tx, actor, request, 'practice.settings_changed', { subjectType: 'practice', subjectId: actor.practiceId, metadata });
    return { status: 'saved', changed };
  });
}
