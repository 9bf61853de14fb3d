// The demo accounts the end-to-end suite signs in with to read (never to change anything: a test
// that changes state takes a fresh practice from the fixtures in fixtures.ts, so tests never
// interfere and can run in any order or in parallel).
export const PASSWORD = 'hearth-demo';

export const DEMO = {
  admin: 'admin@demo.test',
  therapist: 'therapist@demo.test',
  therapist2: 'therapist2@demo.test',
  client: 'client@demo.test',
  client2: 'client2@demo.test',
  harborAdmin: 'admin@harbor.test',
  harborTherapist: 'therapist@harbor.test',
  harborClient: 'client@harbor.test',
} as const;

// Names of the demo clients as the seed creates them (shown on their therapists' lists).
export const DEMO_CLIENT_NAME = 'Jordan Lee';
export const DEMO_CLIENT2_NAME = 'Casey Morgan';
export const HARBOR_CLIENT_NAME = 'Aoife Kelly';

export const HOME = { client: '/portal', therapist: '/practice', admin: '/admin' } as const;
