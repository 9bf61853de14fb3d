import path from 'node:path';
import { DEMO } from './accounts';

// Signed-in browser states saved by auth.setup.ts, for specs that only read.
const AUTH_DIR = path.join(import.meta.dirname, '..', 'test-results', 'e2e-auth');

export const SIGNED_IN_ROLES = {
  client: DEMO.client,
  therapist: DEMO.therapist,
  admin: DEMO.admin,
  // A user of the second practice, to prove one practice never sees another's pages.
  otherPracticeAdmin: DEMO.harborAdmin,
} as const;

export type SignedInRole = keyof typeof SIGNED_IN_ROLES;

export const storageStatePath = (role: SignedInRole) => path.join(AUTH_DIR, `${role}.json`);

// Ids that exist only after seeding (read from the app by auth.setup.ts).
export const sampleIdsPath = path.join(AUTH_DIR, 'sample-ids.json');
export interface SampleIds {
  demoClientId: string;
}
