import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const moment = (name: string) => timestamp(name, { withTimezone: true });

export const roleEnum = pgEnum('user_role', ['client', 'therapist', 'admin']);
export const userStatusEnum = pgEnum('user_status', ['active', 'deactivated']);

export const IDLE_TIMEOUT_MINUTES = { min: 5, max: 120 } as const;

export const practices = pgTable(
  'practices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    slug: text('slug').notNull().unique(),
    timeZone: text('time_zone').notNull().default('UTC'),
    idleTimeoutMinutes: integer('idle_timeout_minutes').notNull().default(15),
    requireStaffMfa: boolean('require_staff_mfa').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    check(
      'practices_idle_timeout_range',
      sql`${t.idleTimeoutMinutes} between ${sql.raw(String(IDLE_TIMEOUT_MINUTES.min))} and ${sql.raw(String(IDLE_TIMEOUT_MINUTES.max))}`,
    ),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    // Always stored lower-cased and trimmed (see lib/auth/email.ts).
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    role: roleEnum('role').notNull(),
    status: userStatusEnum('status').notNull().default('active'),
    passwordHash: text('password_hash'),
    passwordChangedAt: moment('password_changed_at'),
    // TOTP secrets are encrypted at rest (lib/crypto/secretbox.ts).
    mfaSecret: text('mfa_secret'),
    mfaPendingSecret: text('mfa_pending_secret'),
    mfaEnabledAt: moment('mfa_enabled_at'),
    // Last TOTP time step accepted, so a code cannot be replayed.
    mfaLastTimeStep: integer('mfa_last_time_step'),
    createdAt: createdAt(),
  },
  (t) => [index('users_practice_idx').on(t.practiceId, t.role)],
);

export const mfaRecoveryCodes = pgTable(
  'mfa_recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: moment('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('mfa_recovery_codes_user_idx').on(t.userId)],
);

export const careRelationships = pgTable(
  'care_relationships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => users.id),
    therapistId: uuid('therapist_id')
      .notNull()
      .references(() => users.id),
    startedOn: date('started_on').notNull(),
    endedOn: date('ended_on'),
    createdAt: createdAt(),
  },
  (t) => [
    index('care_relationships_therapist_idx').on(t.therapistId),
    index('care_relationships_client_idx').on(t.clientId),
    // At most one open relationship per pair.
    uniqueIndex('care_relationships_open_pair_idx')
      .on(t.clientId, t.therapistId)
      .where(sql`${t.endedOn} is null`),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    // Random, unguessable id carried inside the encrypted session JWT.
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    lastSeenAt: moment('last_seen_at').notNull().defaultNow(),
    expiresAt: moment('expires_at').notNull(),
    revokedAt: moment('revoked_at'),
    revokedReason: text('revoked_reason'),
    // One-time hand-off from the sign-in action to Auth.js (SHA-256 of the ticket).
    handoffHash: text('handoff_hash'),
    handoffExpiresAt: moment('handoff_expires_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    index('sessions_user_idx').on(t.userId),
    uniqueIndex('sessions_handoff_idx').on(t.handoffHash),
  ],
);

export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    email: text('email').notNull(),
    ip: text('ip').notNull(),
    succeeded: boolean('succeeded').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('login_attempts_email_idx').on(t.email, t.createdAt),
    index('login_attempts_ip_idx').on(t.ip, t.createdAt),
  ],
);

export const authLockouts = pgTable(
  'auth_lockouts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    scope: text('scope', { enum: ['account', 'ip'] }).notNull(),
    key: text('key').notNull(),
    lockedUntil: moment('locked_until').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('auth_lockouts_key_idx').on(t.scope, t.key, t.lockedUntil)],
);

// Second sign-in step for accounts with MFA: the password was right, a code is still due.
export const loginChallenges = pgTable('login_challenges', {
  id: text('id').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  expiresAt: moment('expires_at').notNull(),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  consumedAt: moment('consumed_at'),
  createdAt: createdAt(),
});

export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    email: text('email').notNull(),
    role: roleEnum('role').notNull(),
    invitedById: uuid('invited_by_id')
      .notNull()
      .references(() => users.id),
    // For client invitations: the therapist the accepted client is assigned to.
    therapistId: uuid('therapist_id').references(() => users.id),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: moment('expires_at').notNull(),
    acceptedAt: moment('accepted_at'),
    acceptedUserId: uuid('accepted_user_id').references(() => users.id),
    revokedAt: moment('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [index('invitations_practice_idx').on(t.practiceId, t.createdAt)],
);

export const passwordResets = pgTable('password_resets', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  tokenHash: text('token_hash').notNull().unique(),
  expiresAt: moment('expires_at').notNull(),
  usedAt: moment('used_at'),
  createdAt: createdAt(),
});

export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    practiceId: uuid('practice_id').references(() => practices.id),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('outbox_practice_idx').on(t.practiceId, t.createdAt)],
);

export const auditOutcomeEnum = pgEnum('audit_outcome', ['success', 'failure', 'denied']);

// Append-only; a trigger refuses UPDATE, DELETE and TRUNCATE (see the custom migration).
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // Hash chain key: the practice id, or 'system' for events with no known practice.
    chain: text('chain').notNull(),
    seq: integer('seq').notNull(),
    practiceId: uuid('practice_id').references(() => practices.id),
    actorId: uuid('actor_id').references(() => users.id),
    action: text('action').notNull(),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    outcome: auditOutcomeEnum('outcome').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    // Structured, code-chosen values only (role names, setting names); never free text or PHI.
    metadata: jsonb('metadata').$type<Record<string, string | number | boolean | null>>(),
    createdAt: moment('created_at').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('audit_events_chain_seq_idx').on(t.chain, t.seq),
    index('audit_events_practice_time_idx').on(t.practiceId, t.createdAt),
    index('audit_events_actor_idx').on(t.actorId),
  ],
);

export type Practice = typeof practices.$inferSelect;
export type User = typeof users.$inferSelect;
export type Role = (typeof roleEnum.enumValues)[number];
export type AuditEvent = typeof auditEvents.$inferSelect;
