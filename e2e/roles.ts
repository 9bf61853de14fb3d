import fs from 'node:fs';
import path from 'node:path';
import { DEMO } from './accounts';
import { runDir } from './pool';

// Signed-in browser states saved by auth.setup.ts, for specs that only read (the demo practices
// are never changed by the suite; tests that change state use the fixtures in fixtures.ts).
const authDir = () => path.join(runDir(), 'auth');

export const SIGNED_IN_ROLES = {
  client: DEMO.client,
  therapist: DEMO.therapist,
  admin: DEMO.admin,
  // A user of the second practice, to prove one practice never sees another's pages.
  otherPracticeAdmin: DEMO.harborAdmin,
} as const;

export type SignedInRole = keyof typeof SIGNED_IN_ROLES;

export const storageStatePath = (role: SignedInRole) => path.join(authDir(), `${role}.json`);

// Ids that exist only after seeding (read from the app by auth.setup.ts).
export const sampleIdsPath = () => path.join(authDir(), 'sample-ids.json');
export interface SampleIds {
  demoClientId: string;
}
export const readSampleIds = () => JSON.parse(fs.readFileSync(sampleIdsPath(), 'utf8')) as SampleIds;
