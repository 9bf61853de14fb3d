// Composing an episode's script from what the therapist wrote: fixed templates around the therapist's own words, the
// same input always giving the same script. No language model and no outside service; pure, unit-tested.
import { pauseMarker, type EpisodeKind, type EpisodeScript, type ScriptPart, type ScriptSection } from './model';

export interface ScriptInput {
  kind: EpisodeKind;
  /** The client's name as the practice has it; the greeting uses the first name. */
  clientName: string;
  therapistName: string;
  keyPoints: string;
  /** The one exercise the episode guides (required for 'exercise_again'). */
  exercise: { title: string; body: string } | null;
}

/** Silences, in seconds. */
export const PAUSES = { betweenSections: 2, betweenPoints: 1, settle: 3, afterStep: 5, afterExercise: 6, reflect: 8 } as const;

/** The first word of a name ("Jordan Lee" → "Jordan"); the whole name when it has one word. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

const BULLET = /^(?:[-*•–]|\d{1,2}[.)])\s+/;

/** The lines of what was written, without list markers and blank lines, spaces tidied. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim().replace(BULLET, '').replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '');
}

/** An exercise's steps: its lines, or its sentences when it is written as one paragraph. */
export function exerciseSteps(body: string): string[] {
  const lines = paragraphs(body);
  if (lines.length !== 1) return lines;
  return lines[0]
    .split(/(?<=[.!?…])\s+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== '');
}

class ScriptBuilder {
  readonly parts: ScriptPart[] = [];
  say(section: ScriptSection, text: string) {
    this.parts.push({ kind: 'say', section, text });
    return this;
  }
  pause(seconds: number) {
    this.parts.push({ kind: 'pause', seconds });
    return this;
  }
}

function keyPointsPart(script: ScriptBuilder, keyPoints: string, therapistName: string, intro: string) {
  const points = paragraphs(keyPoints);
  if (points.length === 0) return;
  script.say('key_points', `${intro} ${therapistName} wrote these key points, in their own words.`).pause(PAUSES.betweenPoints);
  points.forEach((point, index) => {
    script.say('key_points', point);
    if (index < points.length - 1) script.pause(PAUSES.betweenPoints);
  });
  script.pause(PAUSES.betweenSections);
}

function exercisePart(script: ScriptBuilder, exercise: { title: string; body: string }) {
  script
    .say('exercise', `Now, an exercise: ${exercise.title.trim()}. Find a comfortable position, and go at your own pace. There will be quiet moments to follow each step.`)
    .pause(PAUSES.settle);
  for (const step of exerciseSteps(exercise.body)) script.say('exercise', step).pause(PAUSES.afterStep);
  script.say('exercise', 'Take one more moment with that.').pause(PAUSES.afterExercise);
}

const REFLECTION: Record<EpisodeKind, string> = {
  after_session:
    'When you are ready, take a moment to reflect. What stood out for you from the session, and what would you like to remember? You can write it down in a new journal entry in Hearth.',
  exercise_again: 'How did the exercise feel this time? Did you notice anything new? If you like, write a few words about it in a new journal entry in Hearth.',
  before_next_session:
    'Before the session, think about what you would like to bring to it. What has changed since last time, and what would you like to talk about? You can note it in a new journal entry in Hearth.',
};

/** The episode's script for this kind, from the therapist's words. */
export function composeScript(input: ScriptInput): EpisodeScript {
  const name = firstName(input.clientName);
  const script = new ScriptBuilder();
  switch (input.kind) {
    case 'after_session':
      script.say('greeting', `Hello ${name}. This is a few quiet minutes for you, made from the notes ${input.therapistName} wrote after your session.`).pause(PAUSES.betweenSections);
      keyPointsPart(script, input.keyPoints, input.therapistName, 'First, a look back.');
      if (input.exercise) exercisePart(script, input.exercise);
      break;
    case 'exercise_again':
      script.say('greeting', `Hello ${name}. It has been a few days since your session, so here is an exercise from ${input.therapistName} to practise again.`).pause(PAUSES.betweenSections);
      if (input.exercise) exercisePart(script, input.exercise);
      break;
    case 'before_next_session':
      script.say('greeting', `Hello ${name}. Your next session is coming up soon. Here is a reminder of what you talked about last time.`).pause(PAUSES.betweenSections);
      keyPointsPart(script, input.keyPoints, input.therapistName, 'Looking back at your last session,');
      break;
  }
  script.say('reflection', REFLECTION[input.kind]).pause(PAUSES.reflect);
  script.say('close', `That is all for now. Take care, ${name}.`);
  return { kind: input.kind, parts: script.parts };
}

/** The script as text, as the therapist previews it: one part a paragraph, pauses marked "[pause 5s]". */
export function scriptText(script: EpisodeScript): string {
  return script.parts.map((part) => (part.kind === 'say' ? part.text : pauseMarker(part.seconds))).join('\n\n');
}

export type Segment = { kind: 'speech'; text: string } | { kind: 'silence'; seconds: number };

// Each spoken part ends a sentence, so one part never runs on into the next when spoken together.
const asSentence = (text: string) => (/[.!?…:;]["'”’)\]]*$/.test(text) ? text : `${text}.`);

/** What a speech engine says and where it is silent: parts between two pauses spoken together, pauses summed. */
export function spokenSegments(script: EpisodeScript): Segment[] {
  const segments: Segment[] = [];
  for (const part of script.parts) {
    const last = segments[segments.length - 1];
    if (part.kind === 'pause') {
      if (last?.kind === 'silence') last.seconds += part.seconds;
      else segments.push({ kind: 'silence', seconds: part.seconds });
    } else if (last?.kind === 'speech') {
      last.text = `${last.text}\n\n${asSentence(part.text)}`;
    } else {
      segments.push({ kind: 'speech', text: asSentence(part.text) });
    }
  }
  return segments;
}

/** The script's parts grouped by section, in order, for the transcript (pauses kept where they fall). */
export function transcriptSections(script: EpisodeScript): { section: ScriptSection; parts: ScriptPart[] }[] {
  const sections: { section: ScriptSection; parts: ScriptPart[] }[] = [];
  for (const part of script.parts) {
    const current = sections[sections.length - 1];
    if (part.kind === 'say' && current?.section !== part.section) sections.push({ section: part.section, parts: [part] });
    else if (current) current.parts.push(part);
  }
  return sections;
}
