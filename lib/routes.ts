/**
 * Paths used in links, navigation, redirects and revalidation, in one place so a moved page is
 * moved everywhere. Functions take ids, never anything a person typed.
 */
export const routes = {
  home: '/',
  login: '/login',
  signedOut: '/login?signed-out=1',
  resetPassword: '/reset-password',
  resetPasswordLink: (token: string) => `/reset-password/${token}`,
  invitationLink: (token: string) => `/invite/${token}`,
  account: '/account',
  accountSecurity: '/account/security',
  accountNotifications: '/account/notifications',
  notifications: '/notifications',
  portal: '/portal',
  portalPolicies: '/portal/policies',
  portalRecording: '/portal/recording',
  practice: '/practice',
  practiceInvite: '/practice/invite',
  practiceClient: (clientId: string) => `/practice/clients/${clientId}`,
  admin: '/admin',
  adminUsers: '/admin/users',
  adminInvite: '/admin/users/invite',
  adminRelationships: '/admin/relationships',
  adminSettings: '/admin/settings',
  adminRecording: '/admin/recording',
  adminAudit: '/admin/audit',
  adminOutbox: '/admin/outbox',
  adminJobs: '/admin/jobs',
  adminPolicies: '/admin/policies',
  adminPolicy: (kind: string) => `/admin/policies/${kind}`,
  adminPolicyVersion: (kind: string, version: number) => `/admin/policies/${kind}/versions/${version}`,
  adminPolicyCompare: (kind: string) => `/admin/policies/${kind}/compare`,
  adminAcknowledgements: '/admin/policies/acknowledgements',
  apiUnreadNotifications: '/api/notifications/unread',
  practiceClientSessions: (clientId: string) => `/practice/clients/${clientId}/sessions`,
  practiceSchedule: '/practice/schedule',
  /** A day of the schedule; `date` must already be a checked YYYY-MM-DD. */
  practiceScheduleDay: (date: string) => `/practice/schedule?date=${date}`,
  portalSessions: '/portal/sessions',
  portalRecordingNew: '/portal/recording/new',
  portalRecordingRequest: (requestId: string) => `/portal/recording/requests/${requestId}`,
  practiceClientRecording: (clientId: string) => `/practice/clients/${clientId}/recording`,
  practiceRecordingRequest: (clientId: string, requestId: string) => `/practice/clients/${clientId}/recording/${requestId}`,
  adminRecordingRegister: '/admin/recording/register',
  /**
   * The one link a notification about a recording request carries, for either person: under /notifications so it
   * survives signing in, and resolved to the reader's own page (or a 404) by lib/consent/data.ts requestLinkFor.
   */
  recordingRequestLink: (requestId: string) => `/notifications/recording/${requestId}`,
  /** A receipt download (format: 'pdf' | 'json' | 'fhir'), for either person. */
  /** The shared files a client has, one space per therapist. */
  portalFiles: '/portal/files',
  portalFileSpace: (spaceId: string) => `/portal/files/${spaceId}`,
  portalFile: (spaceId: string, fileId: string) => `/portal/files/${spaceId}/${fileId}`,
  practiceClientFiles: (clientId: string) => `/practice/clients/${clientId}/files`,
  practiceClientFile: (clientId: string, fileId: string) => `/practice/clients/${clientId}/files/${fileId}`,
  /** A shared space for either person (from a notification): resolved to the reader's own page by lib/files/data.ts. */
  filesSpaceLink: (spaceId: string) => `/notifications/files/${spaceId}`,
  /** The tus endpoint: POST creates an upload, /{id} takes HEAD, PATCH and DELETE. */
  apiUploads: '/api/files/uploads',
  /** A file's content: download (attachment), preview (inline) or play (inline, with ranges). */
  fileContent: (fileId: string, purpose: 'download' | 'preview' | 'play') => `/api/files/${fileId}/content?purpose=${purpose}`,
  /** Whether a recording is arriving in a space now (polled by both people's pages). */
  apiRecordingNow: (spaceId: string) => `/api/files/spaces/${spaceId}/recording`,
  /** Recording a covered session in the browser. */
  portalSessionRecorder: (appointmentId: string) => `/portal/sessions/${appointmentId}/record`,
  practiceSessionRecorder: (clientId: string, appointmentId: string) => `/practice/clients/${clientId}/sessions/${appointmentId}/record`,
  recordingReceipt: (requestId: string, format: 'pdf' | 'json' | 'fhir') => `/api/recording/${requestId}/receipt/${format}`,
  /** The therapist's exercise library. */
  practiceExercises: '/practice/exercises',
  /** Writing (and editing) the summary of a past session, and its between-session audio episodes. */
  practiceSessionSummary: (clientId: string, appointmentId: string) => `/practice/clients/${clientId}/sessions/${appointmentId}/summary`,
  practiceSessionCompanion: (clientId: string, appointmentId: string) => `/practice/clients/${clientId}/sessions/${appointmentId}/companion`,
  /** The client's session notes from their therapists, one summary, and one between-session audio episode. */
  portalSummaries: '/portal/summaries',
  portalSummary: (summaryId: string) => `/portal/summaries/${summaryId}`,
  portalEpisode: (episodeId: string) => `/portal/companion/${episodeId}`,
  /** A new journal entry that quotes a summary's key points (the journal's page). */
  journalEntryFromSummary: (summaryId: string) => `/portal/journal/new?summary=${summaryId}`,
  /** The client's reflection reminders. */
  portalReminders: '/portal/reminders',
  portalJournal: '/portal/journal',
  portalJournalNew: '/portal/journal/new',
  portalJournalEntry: (entryId: string) => `/portal/journal/${entryId}`,
  /** The journal entries a client shares with the therapist, and one of them. */
  practiceClientJournal: (clientId: string) => `/practice/clients/${clientId}/journal`,
  practiceClientJournalEntry: (clientId: string, entryId: string) => `/practice/clients/${clientId}/journal/${entryId}`,
  /** The editor's autosave (PUT), the search (POST: criteria never in a URL), and the exports (Markdown or PDF). */
  apiJournalEntry: (entryId: string) => `/api/journal/entries/${entryId}`,
  apiJournalSearch: '/api/journal/search',
  journalExport: (format: 'markdown' | 'pdf') => `/api/journal/export/${format}`,
} as const;
