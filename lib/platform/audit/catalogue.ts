/**
 * Every audit action and subject type Hearth records, with the label the admin viewer shows.
 * A call site names one of these, so a typo fails the type check instead of writing a row that
 * no filter finds. Add an entry here before recording a new kind of event.
 */
export const AUDIT_ACTIONS = {
  'auth.signin': 'Sign-in',
  'auth.signout': 'Sign-out',
  'auth.signout_everywhere': 'Signed out everywhere',
  'auth.lockout': 'Sign-in locked',
  'auth.password_changed': 'Password changed',
  'auth.password_reset_requested': 'Password reset requested',
  'auth.password_reset': 'Password reset',
  'mfa.enrolment_started': 'Two-step sign-in setup started',
  'mfa.enrolled': 'Two-step sign-in turned on',
  'mfa.disabled': 'Two-step sign-in turned off',
  'mfa.recovery_codes_regenerated': 'Recovery codes replaced',
  'mfa.recovery_code_used': 'Recovery code used',
  'invitation.created': 'Invitation sent',
  'invitation.revoked': 'Invitation revoked',
  'invitation.accepted': 'Invitation accepted',
  'user.role_changed': 'Role changed',
  'user.deactivated': 'Account deactivated',
  'user.reactivated': 'Account reactivated',
  'user.location_changed': 'Location changed',
  'client.viewed': 'Client record viewed',
  'care.assigned': 'Care assigned',
  'care.ended': 'Care ended',
  'practice.settings_changed': 'Practice settings changed',
  'recording.settings_changed': 'Recording settings changed',
  'policy.draft_started': 'Policy draft started',
  'policy.draft_saved': 'Policy draft saved',
  'policy.published': 'Policy version published',
  'policy.edit_refused': 'Edit of a published policy refused',
  'policy.acknowledged': 'Policy acknowledged',
  'outbox.viewed': 'Outbox viewed',
  'notifications.preferences_changed': 'Notification settings changed',
  'job.retried': 'Failed job retried',
  'appointment.created': 'Session added',
  'appointment.imported': 'Session imported',
  'appointment.cancelled': 'Session cancelled',
  'appointment.rescheduled': 'Session rescheduled',
  'appointments.viewed': 'Sessions viewed',
  'consent.request_opened': 'Recording request opened',
  'consent.section_ticked': 'Recording section ticked',
  'consent.section_unticked': 'Recording section unticked',
  'consent.terms_changed': 'Recording terms changed',
  'consent.preferences_changed': 'Therapist’s recording preferences changed',
  'consent.alternatives_proposed': 'Alternatives to recording proposed',
  'consent.message_sent': 'Recording discussion message sent',
  'consent.signed': 'Recording agreement signed',
  'consent.signature_refused': 'Recording agreement signature refused',
  'consent.declined': 'Recording declined',
  'consent.withdrawn': 'Recording agreement withdrawn',
  'consent.ended': 'Recording agreement ended',
  'consent.viewed': 'Recording request viewed',
  'consent.statuses_viewed': 'Recording statuses viewed',
  'consent.register_viewed': 'Recording register viewed',
  'consent.session_answered': 'Session recording question answered',
  'consent.receipt_downloaded': 'Recording agreement receipt downloaded',
  'consent.recordings_deletion_run': 'Scheduled deletion of recordings ran',
  'files.upload_started': 'File upload started',
  'files.uploaded': 'File shared',
  'files.upload_refused': 'File upload refused',
  'files.upload_cancelled': 'File upload cancelled',
  'files.listed': 'Shared files viewed',
  'files.downloaded': 'File downloaded',
  'files.previewed': 'File previewed',
  'files.playback_started': 'Recording played',
  'files.open_refused': 'File access refused',
  'files.deleted': 'File deleted',
  'files.retention_deleted': 'Recording deleted: retention ended',
  'files.withdrawal_deleted': 'Recording deleted: consent withdrawn',
  'files.scanned': 'File checked for viruses',
  'files.keys_rotated': 'File keys moved to a new master key',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const AUDIT_SUBJECT_TYPES = {
  user: 'Person',
  practice: 'Practice',
  invitation: 'Invitation',
  care_relationship: 'Care relationship',
  policy_draft: 'Policy draft',
  policy_version: 'Policy version',
  job: 'Background job',
  appointment: 'Session',
  recording_request: 'Recording request',
  shared_file: 'Shared file',
  file_upload: 'File upload',
} as const;

export type AuditSubjectType = keyof typeof AUDIT_SUBJECT_TYPES;

export const isAuditAction = (value: string): value is AuditAction => Object.hasOwn(AUDIT_ACTIONS, value);

/** The label for a stored action; rows written before an action was renamed show as stored. */
export const auditActionLabel = (value: string): string => (isAuditAction(value) ? AUDIT_ACTIONS[value] : value);
