/** The kinds of e-mail Hearth sends, as the outbox lists them. */
export const MAIL_KINDS = {
  invitation: 'Invitation',
  password_reset: 'Password reset',
  notification: 'Notification',
} as const;

export type MailKind = keyof typeof MAIL_KINDS;

export const mailKindLabel = (kind: string): string => (Object.hasOwn(MAIL_KINDS, kind) ? MAIL_KINDS[kind as MailKind] : 'Message');

export const MAIL_STATE_LABELS = {
  queued: 'Waiting to send',
  retrying: 'Retrying',
  sent: 'Sent',
  failed: 'Could not be sent',
} as const;
