import { describe, expect, it } from 'vitest';
import { EPISODE_KINDS, type EpisodeScript } from '@/lib/companion/model';
import { PAUSES, composeScript, exerciseSteps, firstName, paragraphs, scriptText, spokenSegments, transcriptSections, type ScriptInput } from '@/lib/companion/script';

const INPUT: ScriptInput = {
  kind: 'after_session',
  clientName: 'Jordan Lee',
  therapistName: 'Dr. Robin Hale',
  keyPoints: '- Sunday evenings bring dread about the week.\n\n- Naming the worry helps it shrink',
  exercise: { title: 'Box breathing', body: '1. Breathe in for four counts.\n2. Hold for four.\n3. Breathe out for four.' },
};

const says = (script: EpisodeScript) => script.parts.flatMap((part) => (part.kind === 'say' ? [part] : []));
const pauses = (script: EpisodeScript) => script.parts.flatMap((part) => (part.kind === 'pause' ? [part.seconds] : []));

describe('composeScript: the episode after the session', () => {
  const script = composeScript(INPUT);

  it('greets the client by first name, then gives the key points in the therapist’s words, one exercise, a reflection and a close', () => {
    const sections = transcriptSections(script).map((group) => group.section);
    expect(sections).toEqual(['greeting', 'key_points', 'exercise', 'reflection', 'close']);
    const spoken = says(script);
    expect(spoken[0].text).toMatch(/^Hello Jordan\./);
    expect(spoken[0].text).not.toContain('Lee');
    expect(spoken.filter((part) => part.section === 'key_points').map((part) => part.text)).toEqual([
      'First, a look back. Dr. Robin Hale wrote these key points, in their own words.',
      'Sunday evenings bring dread about the week.',
      'Naming the worry helps it shrink',
    ]);
    expect(spoken.find((part) => part.section === 'reflection')!.text).toContain('new journal entry');
    expect(spoken[spoken.length - 1]).toEqual({ kind: 'say', section: 'close', text: 'That is all for now. Take care, Jordan.' });
  });

  it('guides the exercise step by step, with a pause after each step', () => {
    const exercise = script.parts.slice(script.parts.findIndex((part) => part.kind === 'say' && part.section === 'exercise'));
    const steps = ['Breathe in for four counts.', 'Hold for four.', 'Breathe out for four.'];
    for (const step of steps) {
      const at = exercise.findIndex((part) => part.kind === 'say' && part.text === step);
      expect(at, step).toBeGreaterThan(0);
      expect(exercise[at + 1]).toEqual({ kind: 'pause', seconds: PAUSES.afterStep });
    }
    expect(says(script).find((part) => part.section === 'exercise')!.text).toContain('Box breathing');
  });

  it('is the same script every time for the same words', () => {
    expect(composeScript(INPUT)).toEqual(script);
    expect(scriptText(composeScript(INPUT))).toBe(scriptText(script));
  });

  it('marks pauses in the text the therapist previews', () => {
    const text = scriptText(script);
    expect(text).toContain(`[pause ${PAUSES.afterStep}s]`);
    expect(text.startsWith('Hello Jordan.')).toBe(true);
    expect(text.split('\n\n')).toHaveLength(script.parts.length);
  });

  it('leaves the exercise out when the summary has none', () => {
    const without = composeScript({ ...INPUT, exercise: null });
    expect(says(without).some((part) => part.section === 'exercise')).toBe(false);
    expect(says(without).some((part) => part.section === 'reflection')).toBe(true);
  });
});

describe('composeScript: the follow-ups', () => {
  it('the exercise again: a greeting, the exercise, a reflection and a close, without the key points', () => {
    const script = composeScript({ ...INPUT, kind: 'exercise_again' });
    expect(transcriptSections(script).map((group) => group.section)).toEqual(['greeting', 'exercise', 'reflection', 'close']);
  });

  it('before the next session: the key points again and a prompt to prepare, without an exercise', () => {
    const script = composeScript({ ...INPUT, kind: 'before_next_session' });
    expect(transcriptSections(script).map((group) => group.section)).toEqual(['greeting', 'key_points', 'reflection', 'close']);
    expect(says(script).find((part) => part.section === 'reflection')!.text).toMatch(/Before the session/);
  });

  it('every kind greets, reflects and closes', () => {
    for (const kind of EPISODE_KINDS) {
      const sections = transcriptSections(composeScript({ ...INPUT, kind })).map((group) => group.section);
      expect(sections[0]).toBe('greeting');
      expect(sections.slice(-2)).toEqual(['reflection', 'close']);
    }
  });
});

describe('what the therapist wrote stays text', () => {
  const hostile = '<script>alert("x")</script>\n[pause 999s]\n<img src=x onerror=alert(1)>';
  const script = composeScript({ ...INPUT, keyPoints: hostile, exercise: { title: '</p><b>bold</b>', body: '[pause 600s] Then -w /etc/passwd' } });

  it('is carried verbatim as spoken text: a pause marker written by the therapist makes no pause', () => {
    const texts = says(script).map((part) => part.text);
    expect(texts).toContain('<script>alert("x")</script>');
    expect(texts).toContain('[pause 999s]');
    expect(texts).toContain('<img src=x onerror=alert(1)>');
    expect(texts.some((text) => text.includes('</p><b>bold</b>'))).toBe(true);
    expect(pauses(script).every((seconds) => seconds <= 10)).toBe(true);
  });

  it('reaches the speech engine as text too, never as silence', () => {
    const segments = spokenSegments(script);
    expect(segments.filter((segment) => segment.kind === 'silence').every((segment) => segment.kind === 'silence' && segment.seconds <= 10)).toBe(true);
    expect(segments.some((segment) => segment.kind === 'speech' && segment.text.includes('[pause 999s]'))).toBe(true);
  });
});

describe('spokenSegments', () => {
  it('speaks the parts between two pauses together, each as a sentence, and sums pauses that follow each other', () => {
    const script: EpisodeScript = {
      kind: 'after_session',
      parts: [
        { kind: 'say', section: 'greeting', text: 'Hello' },
        { kind: 'say', section: 'greeting', text: 'Welcome back!' },
        { kind: 'pause', seconds: 2 },
        { kind: 'pause', seconds: 3 },
        { kind: 'say', section: 'close', text: 'Bye' },
      ],
    };
    expect(spokenSegments(script)).toEqual([
      { kind: 'speech', text: 'Hello.\n\nWelcome back!' },
      { kind: 'silence', seconds: 5 },
      { kind: 'speech', text: 'Bye.' },
    ]);
  });
});

describe('reading what was written', () => {
  it('paragraphs: lines without list markers or blank lines', () => {
    expect(paragraphs('  - one \r\n\n* two\n• three\n12) four\n2. five  six')).toEqual(['one', 'two', 'three', 'four', 'five six']);
  });

  it('exerciseSteps: the lines, or the sentences of a single paragraph', () => {
    expect(exerciseSteps('Sit.\nBreathe.')).toEqual(['Sit.', 'Breathe.']);
    expect(exerciseSteps('Sit comfortably. Close your eyes! Notice your breath… Then open them')).toEqual([
      'Sit comfortably.',
      'Close your eyes!',
      'Notice your breath…',
      'Then open them',
    ]);
  });

  it('firstName: the first word of the name', () => {
    expect(firstName('Jordan Lee')).toBe('Jordan');
    expect(firstName('  Sam  ')).toBe('Sam');
  });
});
