import 'server-only';
import { getDb } from '@/db/client';
import { requireUser } from '../auth/guards';
import { ROLE_LABELS } from './model';
import { listPracticeUsers } from './queries';

/** Everyone in the signed-in admin's practice. */
export async function getPracticePeople() {
  const admin = await requireUser('users:manage');
  const people = await listPracticeUsers(await getDb(), admin.practiceId);
  return people.map(({ mfaEnabledAt, ...person }) => ({
    ...person,
    roleLabel: ROLE_LABELS[person.role],
    mfaEnabled: !!mfaEnabledAt,
    isYou: person.id === admin.id,
  }));
}

export type PracticePerson = Awaited<ReturnType<typeof getPracticePeople>>[number];
