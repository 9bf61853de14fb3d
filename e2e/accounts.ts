// Accounts the end-to-end suite signs in with. Every test that changes an account's state
// (locks it, enrols MFA, ends its sessions, invites people) has one of its own, so tests never
// interfere and can run in any order or in parallel.
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

export const E2E = {
  lockout: { email: 'lockout@e2e.test', name: 'Lee Lockout', role: 'client' },
  wrongPassword: { email: 'wrong-password@e2e.test', name: 'Wren Wrongpassword', role: 'client' },
  mfaTotp: { email: 'mfa@e2e.test', name: 'Morgan Authenticator', role: 'client' },
  mfaRecovery: { email: 'mfa-recovery@e2e.test', name: 'Remy Recovery', role: 'therapist' },
  signOutEverywhere: { email: 'signout-everywhere@e2e.test', name: 'Sasha Everywhere', role: 'client' },
  passwordChange: { email: 'password-change@e2e.test', name: 'Pat Passwordchange', role: 'therapist' },
  passwordReset: { email: 'password-reset@e2e.test', name: 'Rory Reset', role: 'client' },
  invitingAdmin: { email: 'inviting-admin@e2e.test', name: 'Ines Invitingadmin', role: 'admin' },
  invitingTherapist: { email: 'inviting-therapist@e2e.test', name: 'Theo Invitingtherapist', role: 'therapist' },
} as const;

export const HOME = { client: '/portal', therapist: '/practice', admin: '/admin' } as const;

// A practice of its own for tests that publish policy versions, so they never change what the
// demo practice's tests see.
export const POLICY_PRACTICE = {
  slug: 'e2e-policies',
  name: 'Cedar Path Practice',
  timeZone: 'America/Los_Angeles',
  admin: { email: 'policy-admin@e2e.test', name: 'Paige Policyadmin', role: 'admin' },
  therapist: { email: 'policy-therapist@e2e.test', name: 'Dr. Tess Policytherapist', role: 'therapist' },
  client: { email: 'policy-client@e2e.test', name: 'Cole Policyclient', role: 'client' },
} as const;

// Recording settings tests change practice-wide settings too, and must not see the policy tests'
// new versions (which would send their client to acknowledge them): a practice of their own.
export const RECORDING_PRACTICE = {
  slug: 'e2e-recording',
  name: 'Alder Court Counselling',
  timeZone: 'America/Chicago',
  admin: { email: 'recording-admin@e2e.test', name: 'Reese Recordingadmin', role: 'admin' },
  therapist: { email: 'recording-therapist@e2e.test', name: 'Dr. Ash Recordingtherapist', role: 'therapist' },
  recordingClient: { email: 'recording-client@e2e.test', name: 'Rae Recordingclient', role: 'client' },
} as const;

// A practice that requires two-step sign-in for staff: its therapist must enrol before anything else.
export const MFA_REQUIRED_PRACTICE = {
  slug: 'e2e-mfa-required',
  name: 'Birch Lane Therapy',
  timeZone: 'Europe/London',
  therapist: { email: 'mfa-required-therapist@e2e.test', name: 'Dr. Mina Mustenrol', role: 'therapist' },
} as const;
