// The pool of fresh practices the end-to-end suite leases from (see fixtures.ts).
//
// Why a pool: on PGlite the server process holds the database folder open, and PGlite is
// single-process, so a test cannot open the database to create its own practice. e2e/seed.ts
// therefore creates the practices before the server starts and writes what a test needs to
// know about them (ids, emails, names) into practices.json in the run folder. Each test leases
// one by creating a lease file exclusively (O_EXCL): atomic across Playwright's worker
// processes, so no two tests ever share a practice, whatever order or parallelism they run in.
// The same holds on PostgreSQL, where the pool is seeded the same way.
import fs from 'node:fs';
import path from 'node:path';

export type PracticeKind = 'standard' | 'staff-mfa';

export interface PoolPerson {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'therapist' | 'client';
}

export interface PoolPractice {
  kind: PracticeKind;
  index: number;
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  admin: PoolPerson;
  /** The client's therapist. */
  therapist: PoolPerson;
  /** Not the client's therapist (the other client's). */
  otherTherapist: PoolPerson;
  /** In the therapist's care; has acknowledged every policy in force. */
  client: PoolPerson;
  /** In the other therapist's care; has acknowledged every policy in force. */
  otherClient: PoolPerson;
  /** Deactivated, in nobody's care. */
  formerClient: PoolPerson;
  careIds: { client: string; otherClient: string };
  /** A therapist invitation by the admin, still pending. */
  pendingInvitation: { id: string; email: string };
  /** An unread notification of each client. */
  notificationIds: { client: string; otherClient: string };
  /** A mail delivery job of this practice that failed for good (retrying it does nothing). */
  failedJobId: number;
  /** A scheduled session of the client with their therapist, tomorrow. */
  appointmentId: string;
  /** Published policy versions by kind, oldest first (two of each; the later one in force). */
  policyVersionIds: Record<string, string[]>;
}

/** Where one Playwright run keeps its state (pool, leases, mailbox, signed-in states). */
export function runDir() {
  const dir = process.env.E2E_RUN_DIR;
  if (!dir) throw new Error('E2E_RUN_DIR is not set: run the suite through playwright.config.ts.');
  return dir;
}

export const poolFile = (dir = runDir()) => path.join(dir, 'practices.json');
const leaseDir = (dir = runDir()) => path.join(dir, 'leases');

let pool: PoolPractice[] | undefined;
function readPool() {
  pool ??= JSON.parse(fs.readFileSync(poolFile(), 'utf8')) as PoolPractice[];
  return pool;
}

/** Takes a practice of this kind that no other test has had; throws when the pool is used up. */
export function leasePractice(kind: PracticeKind, leasedBy: string): PoolPractice {
  const dir = leaseDir();
  fs.mkdirSync(dir, { recursive: true });
  const candidates = readPool().filter((practice) => practice.kind === kind);
  for (const practice of candidates) {
    try {
      fs.writeFileSync(path.join(dir, `${practice.slug}.lease`), leasedBy, { flag: 'wx' });
      return practice;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(
    `All ${candidates.length} '${kind}' practices of the e2e pool are taken: raise E2E_PRACTICE_POOL (see e2e/seed.ts).`,
  );
}
