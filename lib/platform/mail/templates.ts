/**
 * The e-mails Hearth sends. They carry no health information: who invited whom to which practice
 * is not in them beyond the practice name, and nothing about care at all. Links are absolute.
 */

import type { MailKind } from './kinds';

export interface MailContent {
  kind: MailKind;
  subject: string;
  text: string;
}

export function invitationMail(input: { practiceName: string; link: string; validDays: number }): MailContent {
  return {
    kind: 'invitation',
    subject: `Your invitation to ${input.practiceName} on Hearth`,
    text: [
      'Hello,',
      '',
      `You have been invited to join ${input.practiceName} on Hearth.`,
      '',
      'To accept, open this link and choose a password:',
      input.link,
      '',
      `The link works for ${input.validDays} days and can be used once.`,
      'If you were not expecting this invitation, you can ignore this email.',
    ].join('\n'),
  };
}

export function passwordResetMail(input: { link: string }): MailContent {
  return {
    kind: 'password_reset',
    subject: 'Reset your Hearth password',
    text: [
      'Hello,',
      '',
      'Someone asked to reset the password of the Hearth account for this email address.',
      '',
      'To choose a new password, open this link:',
      input.link,
      '',
      'The link works for one hour and can be used once.',
      'If you did not ask for this, you can ignore this email: your password stays the same.',
    ].join('\n'),
  };
}

/** The one e-mail every notification sends: no kind, no subject, nothing about care. */
export function notificationMail(input: { link: string }): MailContent {
  return {
    kind: 'notification',
    subject: 'You have a new notification in Hearth',
    text: [
      'Hello,',
      '',
      'There is something new for you in Hearth. Sign in to see it:',
      input.link,
      '',
      'You get these emails because you turned them on in your notification settings.',
    ].join('\n'),
  };
}
