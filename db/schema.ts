import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
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
    // Where the practice sees clients: ISO 3166-1 country and, where the law differs by it, ISO 3166-2 region.
    country: text('country'),
    region: text('region'),
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
    // Always stored lower-cased and trimmed (see normalizeEmail in lib/auth/model.ts).
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
    // Where the person is (clients set it): ISO 3166-1 country and ISO 3166-2 region, e.g. US / US-CA.
    country: text('country'),
    region: text('region'),
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
    // SHA-256 (hex) of the session id. The id itself, random and unguessable, exists only inside
    // the encrypted session cookie, so a copy of this table cannot be replayed as sessions.
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

// Sign-in attempts, kept a day (lib/auth/jobs.ts). The email typed is never stored: only a keyed
// hash of it (lib/auth/queries.ts accountKey), which is all the throttle needs to count by.
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    accountKey: text('account_key').notNull(),
    ip: text('ip').notNull(),
    // False from the moment an attempt is counted, before its password is checked; true once it succeeded.
    succeeded: boolean('succeeded').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('login_attempts_account_idx').on(t.accountKey, t.createdAt),
    index('login_attempts_ip_idx').on(t.ip, t.createdAt),
    index('login_attempts_created_idx').on(t.createdAt),
  ],
);

export const authLockouts = pgTable(
  'auth_lockouts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // 'account': key is the account key of login_attempts; 'ip': the address; 'global': '*'.
    scope: text('scope', { enum: ['account', 'ip', 'global'] }).notNull(),
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

export const mailStateEnum = pgEnum('mail_state', ['queued', 'retrying', 'sent', 'failed']);

// A record of every e-mail: who it went to, what kind, and where delivery stands. The body is
// not kept here: it travels sealed in its delivery job and is gone once delivered, so no
// working invitation or reset link ever sits in this table.
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    practiceId: uuid('practice_id').references(() => practices.id),
    toAddress: text('to_address').notNull(),
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    state: mailStateEnum('state').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentAt: moment('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [index('outbox_practice_idx').on(t.practiceId, t.createdAt)],
);

export const jobStateEnum = pgEnum('job_state', ['queued', 'running', 'done', 'failed']);

// Durable background work (lib/platform/jobs). A job is enqueued in the transaction of the change
// that needs it, so it exists only if that change committed. Workers claim due rows with
// FOR UPDATE SKIP LOCKED and hold a lease; a job whose worker died is claimed again when its
// lease runs out.
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    // Same key, same job: enqueueing it again does nothing.
    key: text('key'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    practiceId: uuid('practice_id').references(() => practices.id),
    state: jobStateEnum('state').notNull().default('queued'),
    runAt: moment('run_at').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(8),
    leaseUntil: moment('lease_until'),
    lockedBy: text('locked_by'),
    // A code-chosen description (error class and code), never a message that could quote data.
    lastError: text('last_error'),
    createdAt: createdAt(),
    finishedAt: moment('finished_at'),
  },
  (t) => [
    uniqueIndex('jobs_key_idx').on(t.key),
    index('jobs_due_idx').on(t.state, t.runAt),
    index('jobs_practice_idx').on(t.practiceId, t.state),
  ],
);

// In-app notifications: ids and a kind only. The words are rendered from the kind
// (lib/platform/notifications/catalogue.ts), so nothing health-related is stored or mailed.
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    // The id of what it is about, for the link (a policy version, a request, a file).
    subjectId: text('subject_id'),
    createdAt: createdAt(),
    readAt: moment('read_at'),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt), index('notifications_unread_idx').on(t.userId).where(sql`${t.readAt} is null`)],
);

export const notificationPreferences = pgTable('notification_preferences', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  // Off until the person opts in.
  email: boolean('email').notNull().default(false),
  updatedAt: moment('updated_at').notNull().defaultNow(),
});

export const auditOutcomeEnum = pgEnum('audit_outcome', ['success', 'failure', 'denied']);

// Append-only; a trigger refuses UPDATE, DELETE and TRUNCATE (see the custom migration).
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // Hash chain key: the practice id, or 'system' for events with no known practice.
    chain: text('chain').notNull(),
    // The row's place in its chain: null until the linker (lib/platform/audit/link.ts) gives it one,
    // so appends never wait on each other. A trigger allows setting these once, from null.
    seq: integer('seq'),
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
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    uniqueIndex('audit_events_chain_seq_idx').on(t.chain, t.seq),
    check('audit_events_link_whole', sql`(${t.seq} is null) = (${t.prevHash} is null) and (${t.seq} is null) = (${t.hash} is null)`),
    // The viewer pages a chain by id; the linker finds a chain's unlinked rows in id order.
    index('audit_events_chain_id_idx').on(t.chain, t.id),
    index('audit_events_unlinked_idx').on(t.chain, t.id).where(sql`${t.seq} is null`),
    index('audit_events_practice_time_idx').on(t.practiceId, t.createdAt),
    index('audit_events_actor_idx').on(t.actorId),
  ],
);

export const policyKindEnum = pgEnum('policy_kind', ['recording', 'confidentiality', 'privacy']);

// Published policy versions are immutable: a trigger refuses UPDATE and DELETE (custom migration).
export const policyVersions = pgTable(
  'policy_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    kind: policyKindEnum('kind').notNull(),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    // Markdown source; rendered without raw HTML.
    body: text('body').notNull(),
    // SHA-256 over the title and body as published, so an acknowledgement names exact content.
    contentSha256: text('content_sha256').notNull(),
    effectiveOn: date('effective_on').notNull(),
    changeSummary: text('change_summary').notNull(),
    publishedById: uuid('published_by_id')
      .notNull()
      .references(() => users.id),
    publishedAt: moment('published_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('policy_versions_kind_version_idx').on(t.practiceId, t.kind, t.version)],
);

// The one working draft per practice and kind; publishing turns it into the next version.
export const policyDrafts = pgTable(
  'policy_drafts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    kind: policyKindEnum('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    // The version this draft started from (null for a first version).
    baseVersionId: uuid('base_version_id').references(() => policyVersions.id),
    updatedById: uuid('updated_by_id')
      .notNull()
      .references(() => users.id),
    updatedAt: moment('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('policy_drafts_kind_idx').on(t.practiceId, t.kind)],
);

// Append-only, like the versions they point at.
export const policyAcknowledgements = pgTable(
  'policy_acknowledgements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    versionId: uuid('version_id')
      .notNull()
      .references(() => policyVersions.id),
    contentSha256: text('content_sha256').notNull(),
    acknowledgedAt: moment('acknowledged_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('policy_acknowledgements_user_version_idx').on(t.userId, t.versionId)],
);

export const recordingAllowedEnum = pgEnum('recording_allowed', ['yes', 'on_request', 'never']);
export const requestOpenersEnum = pgEnum('recording_request_openers', ['client', 'therapist', 'both']);

export const RECORDING_RETENTION_DAYS = { min: 1, max: 3650, default: 90 } as const;
export const RECORDING_UPLOAD_MB = { min: 1, max: 5000, default: 500 } as const;

// One row per practice; agreements copy the terms they were signed under, so changes here
// apply to new requests only.
export const practiceRecordingSettings = pgTable(
  'practice_recording_settings',
  {
    practiceId: uuid('practice_id')
      .primaryKey()
      .references(() => practices.id),
    allowed: recordingAllowedEnum('allowed').notNull().default('on_request'),
    methodClientUpload: boolean('method_client_upload').notNull().default(true),
    methodClientDevice: boolean('method_client_device').notNull().default(true),
    methodTherapistRecords: boolean('method_therapist_records').notNull().default(false),
    maxRetentionDays: integer('max_retention_days').notNull().default(RECORDING_RETENTION_DAYS.default),
    maxUploadMb: integer('max_upload_mb').notNull().default(RECORDING_UPLOAD_MB.default),
    requestOpeners: requestOpenersEnum('request_openers').notNull().default('both'),
    updatedById: uuid('updated_by_id').references(() => users.id),
    updatedAt: moment('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check(
      'recording_retention_range',
      sql`${t.maxRetentionDays} between ${sql.raw(String(RECORDING_RETENTION_DAYS.min))} and ${sql.raw(String(RECORDING_RETENTION_DAYS.max))}`,
    ),
    check(
      'recording_upload_range',
      sql`${t.maxUploadMb} between ${sql.raw(String(RECORDING_UPLOAD_MB.min))} and ${sql.raw(String(RECORDING_UPLOAD_MB.max))}`,
    ),
  ],
);

export const appointmentChannelEnum = pgEnum('appointment_channel', ['in_person', 'telehealth']);
export const appointmentStatusEnum = pgEnum('appointment_status', ['scheduled', 'cancelled']);

export const APPOINTMENT_MINUTES = { min: 5, max: 600 } as const;

// A client's sessions, recorded by their therapist: the anchor for which sessions a recording
// agreement covers and for the per-session "still OK to record?". Not a scheduling system.
export const appointments = pgTable(
  'appointments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    careRelationshipId: uuid('care_relationship_id')
      .notNull()
      .references(() => careRelationships.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => users.id),
    therapistId: uuid('therapist_id')
      .notNull()
      .references(() => users.id),
    startsAt: moment('starts_at').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    channel: appointmentChannelEnum('channel').notNull(),
    status: appointmentStatusEnum('status').notNull().default('scheduled'),
    cancelledAt: moment('cancelled_at'),
    createdById: uuid('created_by_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: moment('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('appointments_therapist_idx').on(t.therapistId, t.startsAt),
    index('appointments_client_idx').on(t.clientId, t.startsAt),
    // One scheduled session per relationship and start: a re-imported list adds nothing.
    uniqueIndex('appointments_scheduled_start_idx')
      .on(t.careRelationshipId, t.startsAt)
      .where(sql`${t.status} = 'scheduled'`),
    check(
      'appointments_duration_range',
      sql`${t.durationMinutes} between ${sql.raw(String(APPOINTMENT_MINUTES.min))} and ${sql.raw(String(APPOINTMENT_MINUTES.max))}`,
    ),
  ],
);

export const recordingRequestStateEnum = pgEnum('recording_request_state', [
  'discussing',
  'awaiting_signatures',
  'active',
  'declined',
  'withdrawn',
  'ended',
]);
export const partyEnum = pgEnum('consent_party', ['client', 'therapist']);

// The recording-consent discussion between a client and their therapist (lib/consent). Free text
// (the terms, the therapist's preferences, a withdrawal reason) is sealed at rest; state, ticks
// and codes are not health details and stay queryable.
export const recordingRequests = pgTable(
  'recording_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    careRelationshipId: uuid('care_relationship_id')
      .notNull()
      .references(() => careRelationships.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => users.id),
    therapistId: uuid('therapist_id')
      .notNull()
      .references(() => users.id),
    openedBy: partyEnum('opened_by').notNull(),
    state: recordingRequestStateEnum('state').notNull().default('discussing'),
    // Optimistic concurrency: every change names the version it read; a stale save is refused.
    rowVersion: integer('row_version').notNull().default(1),
    // The practice's limits when the request opened (settings apply to new requests only).
    limits: jsonb('limits').$type<{ methods: string[]; maxRetentionDays: number }>().notNull(),
    termsVersion: integer('terms_version').notNull().default(1),
    termsSealed: text('terms_sealed').notNull(),
    termsSha256: text('terms_sha256').notNull(),
    ticks: jsonb('ticks').$type<Record<string, { client: boolean; therapist: boolean }>>().notNull(),
    therapistPreferencesSealed: text('therapist_preferences_sealed'),
    // Codes only (therapist_summaries, journaling, ...): proposed during the discussion, chosen on decline.
    alternatives: jsonb('alternatives').$type<string[]>().notNull().default([]),
    // How it closed (declined, withdrawn with its reason, ended), sealed.
    outcomeSealed: text('outcome_sealed'),
    activatedAt: moment('activated_at'),
    closedAt: moment('closed_at'),
    createdAt: createdAt(),
    updatedAt: moment('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('recording_requests_practice_idx').on(t.practiceId, t.state),
    index('recording_requests_therapist_idx').on(t.therapistId, t.state),
    index('recording_requests_client_idx').on(t.clientId, t.state),
    // At most one request in progress or in force per care relationship.
    uniqueIndex('recording_requests_open_idx')
      .on(t.careRelationshipId)
      .where(sql`${t.state} in ('discussing', 'awaiting_signatures', 'active')`),
  ],
);

// Intent-to-sign records. A change of terms voids them (voided_at) rather than deleting them.
export const recordingSignatures = pgTable(
  'recording_signatures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => recordingRequests.id),
    party: partyEnum('party').notNull(),
    signerId: uuid('signer_id')
      .notNull()
      .references(() => users.id),
    termsVersion: integer('terms_version').notNull(),
    termsSha256: text('terms_sha256').notNull(),
    // The policy versions shown, each with its content hash.
    policies: jsonb('policies').$type<{ kind: string; version: number; sha256: string }[]>().notNull(),
    fullNameSealed: text('full_name_sealed').notNull(),
    // How the signer proved it was them: 'password' or 'password+totp'.
    factors: text('factors').notNull(),
    ip: text('ip').notNull(),
    userAgent: text('user_agent'),
    signedAt: moment('signed_at').notNull(),
    voidedAt: moment('voided_at'),
  },
  (t) => [index('recording_signatures_request_idx').on(t.requestId)],
);

// The status history printed on receipts: every state change, who made it and when.
export const recordingRequestEvents = pgTable(
  'recording_request_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => recordingRequests.id),
    actorId: uuid('actor_id').references(() => users.id),
    type: text('type').notNull(),
    fromState: recordingRequestStateEnum('from_state'),
    toState: recordingRequestStateEnum('to_state').notNull(),
    termsVersion: integer('terms_version').notNull(),
    at: moment('at').notNull(),
  },
  (t) => [index('recording_request_events_request_idx').on(t.requestId, t.at)],
);

// The message thread beside the sections: plain text, sealed at rest.
export const recordingMessages = pgTable(
  'recording_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => recordingRequests.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    bodySealed: text('body_sealed').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('recording_messages_request_idx').on(t.requestId, t.createdAt)],
);

// How far each person has read a thread, for unread counts.
export const recordingMessageReads = pgTable(
  'recording_message_reads',
  {
    requestId: uuid('request_id')
      .notNull()
      .references(() => recordingRequests.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    lastReadAt: moment('last_read_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.userId] })],
);

export const sessionAnswerEnum = pgEnum('session_recording_answer', ['yes', 'not_this_time']);

// "Still OK to record this session?": the client's answer for one covered appointment.
export const sessionRecordingAnswers = pgTable(
  'session_recording_answers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => recordingRequests.id),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id),
    answer: sessionAnswerEnum('answer').notNull(),
    answeredById: uuid('answered_by_id')
      .notNull()
      .references(() => users.id),
    answeredAt: moment('answered_at').notNull(),
  },
  (t) => [uniqueIndex('session_recording_answers_unique_idx').on(t.requestId, t.appointmentId)],
);

// ---------------------------------------------------------------------------------------------------------------------
// Shared files and the recording vault (lib/files). Content lives in object storage as chunked AES-256-GCM under a
// per-file data key; the key is wrapped by a master key named by keyId. Nothing the user typed names an object.

export const fileKindEnum = pgEnum('file_kind', ['document', 'worksheet', 'image', 'recording', 'other', 'companion']);
// scanning: waiting for the malware scan, not downloadable. unscanned: no scanner configured (the admin sees it).
export const fileStatusEnum = pgEnum('file_status', ['scanning', 'available', 'unscanned', 'blocked', 'deleted']);
export const fileRemovalReasonEnum = pgEnum('file_removal_reason', ['deleted_by_uploader', 'consent_withdrawn', 'retention_ended', 'malware_found', 'not_scannable']);

/** One stored run of whole chunks: an object holding chunks [firstChunk, firstChunk + chunks). */
export interface StoredSegment {
  key: string;
  firstChunk: number;
  chunks: number;
}

export const sharedFiles = pgTable(
  'shared_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    careRelationshipId: uuid('care_relationship_id')
      .notNull()
      .references(() => careRelationships.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => users.id),
    therapistId: uuid('therapist_id')
      .notNull()
      .references(() => users.id),
    uploadedById: uuid('uploaded_by_id')
      .notNull()
      .references(() => users.id),
    kind: fileKindEnum('kind').notNull(),
    // Detected from the content, never from the name or the browser's claim.
    mediaType: text('media_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    // Neutral, e.g. "Item 2026-11-27 · K7Q2": shown in lists, notifications never carry even this.
    label: text('label').notNull(),
    nameSealed: text('name_sealed').notNull(),
    noteSealed: text('note_sealed'),
    // Null once the file is removed: destroying the wrapped key is what makes the content unreadable.
    keyId: text('key_id'),
    wrappedKey: text('wrapped_key'),
    segments: jsonb('segments').$type<StoredSegment[]>().notNull(),
    status: fileStatusEnum('status').notNull(),
    scannedAt: moment('scanned_at'),
    // Recordings only: the agreement and session they were stored under, and when retention ends.
    recordingRequestId: uuid('recording_request_id').references(() => recordingRequests.id),
    appointmentId: uuid('appointment_id').references(() => appointments.id),
    deleteAfter: moment('delete_after'),
    createdAt: createdAt(),
    removedAt: moment('removed_at'),
    removedReason: fileRemovalReasonEnum('removed_reason'),
    removedById: uuid('removed_by_id').references(() => users.id),
  },
  (t) => [
    index('shared_files_care_idx').on(t.careRelationshipId, t.createdAt),
    index('shared_files_request_idx').on(t.recordingRequestId),
    index('shared_files_retention_idx').on(t.deleteAfter).where(sql`${t.removedAt} is null`),
    check('shared_files_removed_has_no_key', sql`${t.removedAt} is null or ${t.wrappedKey} is null`),
  ],
);

// An upload in progress (tus). Its state lives here, not in a server's memory, so any instance can resume it.
export const fileUploads = pgTable(
  'file_uploads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    careRelationshipId: uuid('care_relationship_id')
      .notNull()
      .references(() => careRelationships.id),
    uploadedById: uuid('uploaded_by_id')
      .notNull()
      .references(() => users.id),
    kind: fileKindEnum('kind').notNull(),
    // Null while deferred (the browser recorder declares it when it stops).
    declaredLength: bigint('declared_length', { mode: 'number' }),
    receivedBytes: bigint('received_bytes', { mode: 'number' }).notNull().default(0),
    nameSealed: text('name_sealed').notNull(),
    noteSealed: text('note_sealed'),
    keyId: text('key_id').notNull(),
    wrappedKey: text('wrapped_key').notNull(),
    segments: jsonb('segments').$type<StoredSegment[]>().notNull().default([]),
    // The bytes after the last whole chunk, sealed under the file's data key (never plaintext at rest).
    tailSealed: text('tail_sealed'),
    mediaType: text('media_type'),
    recordingRequestId: uuid('recording_request_id').references(() => recordingRequests.id),
    appointmentId: uuid('appointment_id').references(() => appointments.id),
    // Bumped by every write; a PATCH saves only if nobody else saved since it read (any instance may take it).
    rowVersion: integer('row_version').notNull().default(1),
    createdAt: createdAt(),
    // When bytes last arrived: a recording still arriving shows as "recording" to both people.
    updatedAt: moment('updated_at').notNull().defaultNow(),
    expiresAt: moment('expires_at').notNull(),
    fileId: uuid('file_id').references(() => sharedFiles.id),
  },
  (t) => [index('file_uploads_expires_idx').on(t.expiresAt), index('file_uploads_uploader_idx').on(t.uploadedById)],
);

// ---------------------------------------------------------------------------------------------------------------------
// Between sessions (lib/journal, lib/reminders, lib/summaries, lib/companion). Everything a person wrote is sealed
// under their client's own key (client_keys), itself wrapped by the master key like a file's key.

// One data key per client: it seals their journal and what is written for them, and keys their search index.
export const clientKeys = pgTable('client_keys', {
  clientId: uuid('client_id')
    .primaryKey()
    .references(() => users.id),
  keyId: text('key_id').notNull(),
  wrappedKey: text('wrapped_key').notNull(),
  createdAt: createdAt(),
});

export const journalEntries = pgTable(
  'journal_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => users.id),
    // The session it is about, if any, and the summary it was started from.
    appointmentId: uuid('appointment_id').references(() => appointments.id),
    summaryId: uuid('summary_id'),
    // The entry's day in the client's time zone (for the list, the chart and date search).
    entryDate: date('entry_date').notNull(),
    // Title, prompts or free text, mood and tags: one sealed JSON document.
    contentSealed: text('content_sealed').notNull(),
    // Keyed hashes of the mood ("mood:7") and of each tag and word, so search works on sealed entries.
    moodIndex: text('mood_index'),
    // Optimistic concurrency: an autosave names the version it edited; a stale one is refused, never silently lost.
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: moment('updated_at').notNull().defaultNow(),
    deletedAt: moment('deleted_at'),
  },
  // In the list's order (latest day first, then latest written), so a page of a long journal is read straight from the
  // index and stops at the page, rather than sorting every entry with its sealed text; date ranges use it too.
  (t) => [
    index('journal_entries_list_idx').on(t.clientId, t.entryDate.desc().nullsFirst(), t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('journal_entries_mood_idx').on(t.clientId, t.moodIndex),
  ],
);

export const journalTerms = pgTable(
  'journal_terms',
  {
    entryId: uuid('entry_id')
      .notNull()
      .references(() => journalEntries.id, { onDelete: 'cascade' }),
    clientId: uuid('client_id')
      .notNull()
      .references(() => users.id),
    // 'w' a word, 't' a tag; the term itself is a keyed hash, never the word.
    kind: text('kind').notNull(),
    term: text('term').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.kind, t.term] }), index('journal_terms_lookup_idx').on(t.clientId, t.kind, t.term)],
);

export const journalShares = pgTable(
  'journal_shares',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => journalEntries.id),
    therapistId: uuid('therapist_id')
      .notNull()
      .references(() => users.id),
    sharedAt: moment('shared_at').notNull(),
    revokedAt: moment('revoked_at'),
    firstOpenedAt: moment('first_opened_at'),
    lastOpenedAt: moment('last_opened_at'),
  },
  (t) => [
    index('journal_shares_therapist_idx').on(t.therapistId, t.sharedAt),
    // One live share per entry: sharing again after a revoke makes a new row.
    uniqueIndex('journal_shares_live_idx')
      .on(t.entryId)
      .where(sql`${t.revokedAt} is null`),
  ],
);

export const reminderSettings = pgTable('reminder_settings', {
  clientId: uuid('client_id')
    .primaryKey()
    .references(() => users.id),
  practiceId: uuid('practice_id')
    .notNull()
    .references(() => practices.id),
  // The client's own time zone for reminders (IANA name).
  timeZone: text('time_zone').notNull(),
  // 'HH:MM' on the evening after each session, or null.
  afterSessionTime: text('after_session_time'),
  // A weekly schedule: ISO weekdays (1 = Monday) at 'HH:MM', or null.
  weekly: jsonb('weekly').$type<{ days: number[]; time: string }>(),
  email: boolean('email').notNull().default(false),
  // Bumped on every change: a queued reminder of an older schedule does nothing.
  version: integer('version').notNull().default(1),
  updatedAt: moment('updated_at').notNull().defaultNow(),
});

export const exercises = pgTable(
  'exercises',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    therapistId: uuid('therapist_id')
      .notNull()
      .references(() => users.id),
    // Title and instructions, sealed (the therapist's own words; sealed under the encryption key, not a client's).
    contentSealed: text('content_sealed').notNull(),
    createdAt: createdAt(),
    archivedAt: moment('archived_at'),
  },
  (t) => [index('exercises_therapist_idx').on(t.therapistId)],
);

export const sessionSummaries = pgTable(
  'session_summaries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id)
      .unique(),
    careRelationshipId: uuid('care_relationship_id')
      .notNull()
      .references(() => careRelationships.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => users.id),
    therapistId: uuid('therapist_id')
      .notNull()
      .references(() => users.id),
    currentVersion: integer('current_version').notNull().default(1),
    // Null while a draft only the therapist sees.
    sharedAt: moment('shared_at'),
    clientFirstReadAt: moment('client_first_read_at'),
    createdAt: createdAt(),
    updatedAt: moment('updated_at').notNull().defaultNow(),
  },
  (t) => [index('session_summaries_client_idx').on(t.clientId, t.createdAt)],
);

// Every version kept: an edit is visible as an edit, with the earlier text still there.
export const sessionSummaryVersions = pgTable(
  'session_summary_versions',
  {
    summaryId: uuid('summary_id')
      .notNull()
      .references(() => sessionSummaries.id),
    version: integer('version').notNull(),
    // Key points, homework and exercises, sealed under the client's key.
    contentSealed: text('content_sealed').notNull(),
    editedById: uuid('edited_by_id')
      .notNull()
      .references(() => users.id),
    editedAt: moment('edited_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.summaryId, t.version] })],
);

export const episodeStatusEnum = pgEnum('companion_episode_status', ['draft', 'released', 'withdrawn']);

export const companionEpisodes = pgTable(
  'companion_episodes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    summaryId: uuid('summary_id')
      .notNull()
      .references(() => sessionSummaries.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => users.id),
    therapistId: uuid('therapist_id')
      .notNull()
      .references(() => users.id),
    // 0 for the episode after the session; 1, 2… for the follow-ups of its short series.
    sequence: integer('sequence').notNull().default(0),
    // The composed script (sealed under the client's key): what is spoken, and the transcript shown.
    scriptSealed: text('script_sealed').notNull(),
    status: episodeStatusEnum('status').notNull().default('draft'),
    // When a released episode reaches the client (now, or later for a follow-up).
    deliverAt: moment('deliver_at'),
    deliveredAt: moment('delivered_at'),
    releasedAt: moment('released_at'),
    // The therapist took a released episode back: the client no longer sees it and its audio is destroyed.
    withdrawnAt: moment('withdrawn_at'),
    // The spoken audio in the vault, once synthesised.
    fileId: uuid('file_id').references(() => sharedFiles.id),
    durationSeconds: integer('duration_seconds'),
    createdAt: createdAt(),
  },
  (t) => [index('companion_episodes_client_idx').on(t.clientId, t.deliverAt), uniqueIndex('companion_episodes_sequence_idx').on(t.summaryId, t.sequence)],
);

export type Practice = typeof practices.$inferSelect;
export type User = typeof users.$inferSelect;
export type Role = (typeof roleEnum.enumValues)[number];
export type AuditEvent = typeof auditEvents.$inferSelect;
export type Job = typeof jobs.$inferSelect;
export type MailState = (typeof mailStateEnum.enumValues)[number];
export type PolicyKind = (typeof policyKindEnum.enumValues)[number];
export type PolicyVersion = typeof policyVersions.$inferSelect;
export type PracticeRecordingSettings = typeof practiceRecordingSettings.$inferSelect;
export type Appointment = typeof appointments.$inferSelect;
export type RecordingRequestRow = typeof recordingRequests.$inferSelect;
export type SharedFile = typeof sharedFiles.$inferSelect;
export type FileUpload = typeof fileUploads.$inferSelect;
export type JournalEntryRow = typeof journalEntries.$inferSelect;
export type ReminderSettingsRow = typeof reminderSettings.$inferSelect;
export type SessionSummaryRow = typeof sessionSummaries.$inferSelect;
export type CompanionEpisodeRow = typeof companionEpisodes.$inferSelect;
export type FileKind = (typeof fileKindEnum.enumValues)[number];
export type FileStatus = (typeof fileStatusEnum.enumValues)[number];
export type FileRemovalReason = (typeof fileRemovalReasonEnum.enumValues)[number];
