// The between-session companion: episode kinds, the script's shape and words for people. Client-safe: no server imports.

/** The episode after the session, and the follow-ups of its short series. */
export const EPISODE_KINDS = ['after_session', 'exercise_again', 'before_next_session'] as const;
export type EpisodeKind = (typeof EPISODE_KINDS)[number];

export const EPISODE_KIND_LABELS: Record<EpisodeKind, string> = {
  after_session: 'After the session',
  exercise_again: 'The exercise again',
  before_next_session: 'Before the next session',
};

export const EPISODE_KIND_HINTS: Record<EpisodeKind, string> = {
  after_session: 'A greeting, the key points in your words, one guided exercise, a reflection prompt and a close. Reaches the client as soon as you release it.',
  exercise_again: 'The chosen exercise again, a few days later, with a reflection prompt. Reaches the client at the time you choose.',
  before_next_session: 'The key points again and a prompt to prepare for the next session. Reaches the client at the time you choose.',
};

/** Parts of an episode, for the transcript's headings. */
export type ScriptSection = 'greeting' | 'key_points' | 'exercise' | 'reflection' | 'close';

export const SCRIPT_SECTION_LABELS: Record<ScriptSection, string> = {
  greeting: 'Welcome',
  key_points: 'Key points',
  exercise: 'Exercise',
  reflection: 'Reflection',
  close: 'Close',
};

/** What is spoken, or a silence. Text is only ever spoken or shown as text: nothing in it is read as a marker. */
export type ScriptPart = { kind: 'say'; section: ScriptSection; text: string } | { kind: 'pause'; seconds: number };

/** An episode's script: composed once, previewed by the therapist, spoken, and shown as the transcript. */
export interface EpisodeScript {
  kind: EpisodeKind;
  parts: ScriptPart[];
}

export type EpisodeStatus = 'draft' | 'released' | 'withdrawn';

/** Playback speeds the player offers. */
export const PLAYBACK_SPEEDS = ['0.75', '1', '1.25', '1.5'] as const;

/** The file name the audio is stored under (shown to the two people of the space only). */
export const EPISODE_FILE_NAME = 'Between-session audio.wav';

/** How a pause is marked in the script as the therapist previews it and the transcript shows it. */
export const pauseMarker = (seconds: number) => `[pause ${seconds}s]`;

/** "2 min 05 s" for an episode's length. */
export function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return minutes > 0 ? `${minutes} min ${rest} s` : `${seconds} s`;
}

/** Why composing or releasing was refused, in words for the therapist. */
export const EPISODE_REFUSALS = {
  not_found: 'We could not find that session summary among your clients’.',
  not_shared: 'Share the summary with your client first: an episode is made from what they can already read.',
  no_exercise: 'This kind of episode is built around an exercise. Add one to the summary first.',
  bad_exercise: 'Choose one of the summary’s exercises.',
  already_released: 'This episode has been released already, so it can no longer be changed.',
  first_not_released: 'Release the episode after the session before scheduling follow-ups.',
  deliver_in_past: 'Choose a time in the future for a follow-up.',
  deliver_too_far: 'Choose a time within 60 days.',
  nonexistent_time: 'That time does not exist on that day: the clocks go forward then. Choose another time.',
  too_many: 'This session already has as many follow-ups as Hearth keeps (5).',
  not_released: 'Only a released episode can be withdrawn; a draft never reaches your client.',
} as const;

export type EpisodeRefusal = keyof typeof EPISODE_REFUSALS;

/** Follow-ups per summary, and how far ahead they may be scheduled. */
export const FOLLOW_UPS_MAX = 5;
export const FOLLOW_UP_MAX_DAYS = 60;
