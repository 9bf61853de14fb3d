import { routes } from '@/lib/routes';

/**
 * Every kind of notification, with the neutral words shown for it and where it leads. A
 * notification stores its kind and the id of what it is about, nothing else: the words come
 * from here, so nothing health-related is ever stored in, or mailed with, a notification.
 */
export const NOTIFICATION_KINDS = {
  'policy.version_published': {
    title: 'A practice policy has been updated',
    body: 'Please read what changed and confirm you have read it.',
    href: (_subjectId: string | null) => routes.portalPolicies,
  },
  'consent.request_opened': {
    title: 'A conversation about recording sessions has started',
    body: 'Open it to read what is proposed and reply.',
    href: (subjectId: string | null) => (subjectId ? routes.recordingRequestLink(subjectId) : routes.notifications),
  },
  'consent.message': {
    title: 'You have a new message',
    body: 'It is in your conversation about recording sessions.',
    href: (subjectId: string | null) => (subjectId ? routes.recordingRequestLink(subjectId) : routes.notifications),
  },
  'consent.terms_changed': {
    title: 'The proposed terms were changed',
    body: 'Please read them again. Any signatures given to the earlier terms no longer count.',
    href: (subjectId: string | null) => (subjectId ? routes.recordingRequestLink(subjectId) : routes.notifications),
  },
  'consent.discussion_reopened': {
    title: 'A section was reopened for discussion',
    body: 'Signing waits until you have both ticked every section again.',
    href: (subjectId: string | null) => (subjectId ? routes.recordingRequestLink(subjectId) : routes.notifications),
  },
  'consent.discussion_updated': {
    title: 'There is an update in your conversation about recording',
    body: 'Open it to see what changed.',
    href: (subjectId: string | null) => (subjectId ? routes.recordingRequestLink(subjectId) : routes.notifications),
  },
  'consent.signature_needed': {
    title: 'Your signature is needed',
    body: 'Everything has been discussed. Read the terms and sign if you agree.',
    href: (subjectId: string | null) => (subjectId ? routes.recordingRequestLink(subjectId) : routes.notifications),
  },
  'consent.signed': {
    title: 'The agreement is now in force',
    body: 'You have both signed. You can download a receipt.',
    href: (subjectId: string | null) => (subjectId ? routes.recordingRequestLink(subjectId) : routes.notifications),
  },
  'consent.declined': {
    title: 'Recording was declined',
    body: 'Open the conversation to see the alternatives chosen.',
    href: (subjectId: string | null) => (subjectId ? routes.recordingRequestLink(subjectId) : routes.notifications),
  },
  'consent.withdrawn': {
    title: 'An agreement was withdrawn',
    body: 'Nothing more will be recorded under it.',
    href: (subjectId: string | null) => (subjectId ? routes.recordingRequestLink(subjectId) : routes.notifications),
  },
  'consent.ended': {
    title: 'An agreement has ended',
    body: 'Nothing more will be recorded under it.',
    href: (subjectId: string | null) => (subjectId ? routes.recordingRequestLink(subjectId) : routes.notifications),
  },
  'consent.ending_soon': {
    title: 'An agreement ends in 7 days',
    body: 'Open it to see when it ends.',
    href: (subjectId: string | null) => (subjectId ? routes.recordingRequestLink(subjectId) : routes.notifications),
  },
  // The subject is the care relationship (the shared space); the file itself is never named.
  'files.shared': {
    title: 'Something new was shared with you',
    body: 'Open your shared files to see it.',
    href: (subjectId: string | null) => (subjectId ? routes.filesSpaceLink(subjectId) : routes.notifications),
  },
  'files.removed': {
    title: 'An item in your shared files was removed',
    body: 'Your shared files show when and why.',
    href: (subjectId: string | null) => (subjectId ? routes.filesSpaceLink(subjectId) : routes.notifications),
  },
  // The subject is the session; the question is asked on the portal home.
  'consent.session_check': {
    title: 'Still OK to record your next session?',
    body: 'Answer yes or not this time on your home page before the session.',
    href: (_subjectId: string | null) => routes.portal,
  },
  // The subject is the summary (the client's own); nothing of what it says.
  'summaries.shared': {
    title: 'Your therapist shared notes from your session',
    body: 'Read them in Session notes when it suits you.',
    href: (subjectId: string | null) => (subjectId ? routes.portalSummary(subjectId) : routes.portalSummaries),
  },
  'summaries.edited': {
    title: 'Your therapist updated notes from your session',
    body: 'The earlier version is kept beside the new one.',
    href: (subjectId: string | null) => (subjectId ? routes.portalSummary(subjectId) : routes.portalSummaries),
  },
  // The subject is the episode.
  'companion.delivered': {
    title: 'New between-session audio is ready',
    body: 'Listen in Hearth when it suits you.',
    href: (subjectId: string | null) => (subjectId ? routes.portalEpisode(subjectId) : routes.portalSummaries),
  },
  // The subject is the client who shared (the link leads to their shared entries); nothing of the entry itself.
  'journal.shared': {
    title: 'A client shared a journal entry with you',
    body: 'Open their shared journal entries to read it.',
    href: (subjectId: string | null) => (subjectId ? routes.practiceClientJournal(subjectId) : routes.notifications),
  },
  // A reflection reminder the client set up themselves (lib/reminders); no subject.
  'reminders.reflect': {
    title: 'A moment to reflect',
    body: 'Your journal is ready when you are.',
    href: (_subjectId: string | null) => routes.portalJournal,
  },
} as const satisfies Record<string, { title: string; body: string; href: (subjectId: string | null) => string }>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

export const isNotificationKind = (value: string): value is NotificationKind => Object.hasOwn(NOTIFICATION_KINDS, value);

/** What a stored notification says and links to; an unknown (retired) kind reads neutrally. */
export function describeNotification(kind: string, subjectId: string | null) {
  if (!isNotificationKind(kind)) return { title: 'Something changed in Hearth', body: '', href: routes.notifications };
  const entry = NOTIFICATION_KINDS[kind];
  return { title: entry.title, body: entry.body, href: entry.href(subjectId) };
}
