// The recording-consent discussion: its states, sections, terms and plain-language labels. Client-safe: no server imports.
import type { PolicyKind } from '@/db/schema';

export const REQUEST_STATES = ['discussing', 'awaiting_signatures', 'active', 'declined', 'withdrawn', 'ended'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export const REQUEST_STATE_LABELS: Record<RequestState, string> = {
  discussing: 'Being discussed',
  awaiting_signatures: 'Waiting for signatures',
  active: 'Agreed: recording allowed',
  declined: 'Declined: not recording',
  withdrawn: 'Withdrawn: not recording',
  ended: 'Ended: not recording',
};

/** States from which nothing moves on: a new request starts a new discussion. */
export const CLOSED_STATES = ['declined', 'withdrawn', 'ended'] as const satisfies readonly RequestState[];

/** The two people of the care relationship. */
export const PARTIES = ['client', 'therapist'] as const;
export type Party = (typeof PARTIES)[number];

export const PARTY_LABELS: Record<Party, string> = { client: 'Client', therapist: 'Therapist' };

export const SECTIONS = ['purpose_scope', 'practice_policy', 'terms', 'law_ethics', 'alternatives', 'agreement'] as const;
export type Section = (typeof SECTIONS)[number];

export const SECTION_LABELS: Record<Section, string> = {
  purpose_scope: 'Purpose and scope',
  practice_policy: 'The practice’s policy',
  terms: 'Storage, use and safeguards',
  law_ethics: 'Law and ethics',
  alternatives: 'Alternatives',
  agreement: 'Agreement',
};

/** The sections both people tick once discussed; the agreement section is completed by both signatures instead. */
export const DISCUSSION_SECTIONS = ['purpose_scope', 'practice_policy', 'terms', 'law_ethics', 'alternatives'] as const satisfies readonly Section[];
export type DiscussionSection = (typeof DISCUSSION_SECTIONS)[number];

export const PURPOSES = ['self_reflection', 'skill_practice', 'memory_aid', 'supervision_training', 'other'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const PURPOSE_LABELS: Record<Purpose, string> = {
  self_reflection: 'Self-reflection',
  skill_practice: 'Practising skills',
  memory_aid: 'Remembering what was said',
  supervision_training: 'Supervision or training',
  other: 'Something else',
};

/** Longest free text for "something else", in characters after normalising. */
export const OTHER_PURPOSE_MAX = 500;

/** Which sessions the agreement covers. Dates are YYYY-MM-DD in the practice's time zone. */
export type SessionScope =
  | { kind: 'all_from_date'; from: string }
  | { kind: 'next_n'; count: number }
  | { kind: 'chosen'; appointmentIds: string[] };

export const SESSION_SCOPE_LABELS: Record<SessionScope['kind'], string> = {
  all_from_date: 'Every session from a date',
  next_n: 'The next few sessions',
  chosen: 'Chosen sessions',
};

export const NEXT_SESSIONS_MAX = 100;

export const METHODS = ['client_upload', 'client_device', 'therapist_records'] as const;
export type Method = (typeof METHODS)[number];

export const METHOD_LABELS: Record<Method, string> = {
  client_upload: 'The client records and uploads to Hearth',
  client_device: 'The client records and keeps it on their own device',
  therapist_records: 'The therapist records',
};

export const STORAGE_LOCATIONS = ['hearth_vault', 'client_device'] as const;
export type StorageLocation = (typeof STORAGE_LOCATIONS)[number];

export const STORAGE_LABELS: Record<StorageLocation, string> = {
  hearth_vault: 'Hearth’s encrypted vault',
  client_device: 'The client’s own device (Hearth keeps only this agreement)',
};

/** Where each method’s recordings are kept: what goes into Hearth is in its vault, what stays with the client is not. */
export const STORAGE_FOR_METHOD: Record<Method, StorageLocation> = {
  client_upload: 'hearth_vault',
  client_device: 'client_device',
  therapist_records: 'hearth_vault',
};

export const LISTENERS = ['client_only', 'client_and_therapist'] as const;
export type Listeners = (typeof LISTENERS)[number];

export const LISTENER_LABELS: Record<Listeners, string> = {
  client_only: 'Only the client',
  client_and_therapist: 'The client and the therapist',
};

export type WithdrawalRule = { action: 'delete_within_days'; days: number } | { action: 'keep_until_retention' };

export const WITHDRAWAL_LABELS: Record<WithdrawalRule['action'], string> = {
  delete_within_days: 'Recordings are deleted within a set number of days',
  keep_until_retention: 'Recordings are kept until their retention period ends',
};

/**
 * The document both people sign: purpose and scope (section 1) and storage, use and safeguards (section 3). Its
 * canonical form and hash are in terms.ts.
 */
export interface ConsentTerms {
  purposes: Purpose[];
  /** The words for "something else"; null unless that purpose is chosen. */
  otherPurpose: string | null;
  sessions: SessionScope;
  method: Method;
  storage: StorageLocation;
  listeners: Listeners;
  /** Automatic transcription or AI note-taking; off unless both agree. */
  transcriptionAllowed: boolean;
  /** Fixed: shown so both read it, never a choice. */
  sharingNeedsNewAgreement: true;
  retentionDays: number;
  onWithdrawal: WithdrawalRule;
  /** Fixed: file names never carry names or health details. */
  neutralFileLabels: true;
}

export const TERMS_LABELS: Record<keyof ConsentTerms, string> = {
  purposes: 'Why record',
  otherPurpose: 'In your own words',
  sessions: 'Which sessions',
  method: 'How sessions are recorded',
  storage: 'Where recordings are kept',
  listeners: 'Who may listen',
  transcriptionAllowed: 'Automatic transcription or AI note-taking',
  sharingNeedsNewAgreement: 'No sharing with anyone else without a new written agreement',
  retentionDays: 'How long recordings are kept (days)',
  onWithdrawal: 'If either of you withdraws',
  neutralFileLabels: 'Recordings get neutral file names, with no names or health details',
};

/** Which section each term belongs to, so a change reopens exactly the sections it touches. */
export const TERM_SECTION: Record<keyof ConsentTerms, 'purpose_scope' | 'terms'> = {
  purposes: 'purpose_scope',
  otherPurpose: 'purpose_scope',
  sessions: 'purpose_scope',
  method: 'terms',
  storage: 'terms',
  listeners: 'terms',
  transcriptionAllowed: 'terms',
  sharingNeedsNewAgreement: 'terms',
  retentionDays: 'terms',
  onWithdrawal: 'terms',
  neutralFileLabels: 'terms',
};

/** What the practice's recording settings allow a request's terms to be, copied when the request opens. */
export interface PracticeLimits {
  methods: Method[];
  maxRetentionDays: number;
}

export const ALTERNATIVES = ['therapist_summaries', 'journaling', 'own_notes', 'reflection_reminders'] as const;
export type Alternative = (typeof ALTERNATIVES)[number];

export const ALTERNATIVE_LABELS: Record<Alternative, string> = {
  therapist_summaries: 'Session summaries from the therapist',
  journaling: 'Journaling after sessions',
  own_notes: 'The client’s own notes',
  reflection_reminders: 'Reminders to reflect',
};

export const END_REASONS = ['end_date', 'session_count', 'care_ended'] as const;
export type EndReason = (typeof END_REASONS)[number];

export const END_REASON_LABELS: Record<EndReason, string> = {
  end_date: 'The last covered session has passed',
  session_count: 'All the agreed sessions have taken place',
  care_ended: 'Care with this therapist has ended',
};

/** A policy version shown during the discussion, named by its content hash. */
export interface PolicyVersionShown {
  kind: PolicyKind;
  version: number;
  sha256: string;
}

/** An intent-to-sign record: who signed which exact terms, when, from where, having seen which policies. */
export interface Signature {
  party: Party;
  /** The typed full name, matching the account name. */
  fullName: string;
  signedAt: Date;
  ipAddress: string;
  userAgent: string;
  termsVersion: number;
  termsSha256: string;
  policies: PolicyVersionShown[];
}

export const SIGNATURE_LABELS: Record<keyof Signature, string> = {
  party: 'Signed as',
  fullName: 'Full name',
  signedAt: 'Signed at',
  ipAddress: 'IP address',
  userAgent: 'Browser',
  termsVersion: 'Terms version',
  termsSha256: 'SHA-256 of the terms',
  policies: 'Policy versions shown',
};

/** Longest message in the thread, in characters. Plain text: stored as typed, shown as text, never as markup. */
export const MESSAGE_MAX = 4000;
/** Longest text for the therapist's own preferences (section 2). */
export const PREFERENCES_MAX = 4000;
/** Longest optional reason given on withdrawal. */
export const WITHDRAWAL_REASON_MAX = 1000;
/** How far ahead "ends in 7 days" is sent. */
export const ENDING_SOON_DAYS = 7;
/** How far ahead of a covered session the client is asked "Still OK to record this session?". */
export const SESSION_CHECK_HOURS = 24;

export const SESSION_ANSWERS = ['yes', 'not_this_time'] as const;
export type SessionAnswer = (typeof SESSION_ANSWERS)[number];

export const SESSION_ANSWER_LABELS: Record<SessionAnswer, string> = {
  yes: 'Yes, record this session',
  not_this_time: 'Not this time',
};

/** Refusals of the commands around the state machine: what its rules do not cover (REFUSAL_MESSAGES has theirs). */
export const COMMAND_REFUSALS = [
  'conflict',
  'policy_not_acknowledged',
  'reopen_first',
  'therapist_only',
  'client_only_answer',
  'not_covered',
  'message_empty',
  'message_too_long',
  'preferences_too_long',
  'not_in_force',
] as const;
export type CommandRefusal = (typeof COMMAND_REFUSALS)[number];

export const COMMAND_REFUSAL_MESSAGES: Record<CommandRefusal, string> = {
  conflict: 'This request changed while you had it open. What you entered is kept below: look at the latest version, then save again.',
  policy_not_acknowledged: 'The client needs to read and confirm the practice’s recording policy in force before this section can be ticked.',
  reopen_first: 'Every section has been ticked and the request is waiting for signatures. Untick this section first to reopen it.',
  therapist_only: 'Only the therapist writes their own preferences.',
  client_only_answer: 'Only the client answers this question.',
  not_covered: 'That session is not an upcoming session this agreement covers.',
  message_empty: 'Write a message first.',
  message_too_long: `Keep a message to ${MESSAGE_MAX} characters.`,
  preferences_too_long: `Keep your preferences to ${PREFERENCES_MAX} characters.`,
  not_in_force: 'This agreement is not in force yet: sessions are asked about once both have signed.',
};

/** Not-found: the same words for a request that does not exist and one that is not yours to see. */
export const REQUEST_NOT_FOUND = 'We could not find that recording request.';

export const SIGNATURE_REFUSALS = ['name_mismatch', 'wrong_password', 'wrong_code'] as const;
export type SignatureRefusal = (typeof SIGNATURE_REFUSALS)[number];

export const SIGNATURE_REFUSAL_MESSAGES: Record<SignatureRefusal, string> = {
  name_mismatch: 'Type your full name exactly as it appears on your account.',
  wrong_password: 'That password is not right.',
  wrong_code: 'That code is not right, or has already been used. Enter the current code from your authenticator app.',
};

/** What each entry of a request's history says happened (recording_request_events.type). */
export const EVENT_LABELS: Record<string, string> = {
  opened: 'Opened the conversation',
  tick_section: 'Marked a section as discussed',
  untick_section: 'Reopened a section',
  change_terms: 'Changed the proposed terms',
  preferences_changed: 'Updated the therapist’s preferences',
  alternatives_proposed: 'Proposed alternatives',
  sign: 'Signed',
  decline: 'Declined recording',
  withdraw: 'Withdrew',
  end: 'The agreement ended',
  care_ended: 'Care ended, so the agreement ended',
};
