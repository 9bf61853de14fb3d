// The recording-consent commands: `(db, actor, input, request, now)`, one transaction each, with their audit rows,
// history entries, notifications and jobs. The system's own (for jobs) take no actor.
export type { CommandResult, Conflict, NotFound, Refused, Saved } from './shared';
export { changeTerms, markThreadRead, openRequest, proposeAlternatives, savePreferences, sendMessage, tickSection, untickSection } from './discussion';
export type { MessageResult, OpenResult } from './discussion';
export { answerSession, declineRecording, normaliseName, signAgreement, withdrawAgreement } from './agreement';
export type { AnswerResult, SignResult } from './agreement';
export { endAgreement, endForEndedCare, runScheduledDeletion, sendEndingSoon, sendSessionCheck, sweepConsent } from './system';
