import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { clientMayHear, composeRefusal, deliverRefusal } from '@/lib/companion/access';
import { TranscriptView } from '@/lib/companion/components/transcript-view';
import { composeScript, transcriptSections } from '@/lib/companion/script';
import { clientMayRead, revisionOf, saveKind, summaryRefusal } from '@/lib/summaries/access';
import { SummaryContentView } from '@/lib/summaries/components/summary-view';
import { EXERCISES_MAX, KEY_POINTS_MAX, exerciseField } from '@/lib/summaries/model';
import { saveSummarySchema } from '@/lib/summaries/schemas';

const NOW = new Date('2026-03-10T12:00:00Z');
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describe('who may write and read a summary', () => {
  it('a session is summarised once it has started, never when cancelled', () => {
    expect(summaryRefusal({ startsAt: new Date(NOW.getTime() - 2 * HOUR), durationMinutes: 50, status: 'scheduled' }, NOW)).toBeNull();
    expect(summaryRefusal({ startsAt: new Date(NOW.getTime() - 10 * 60_000), durationMinutes: 50, status: 'scheduled' }, NOW)).toBeNull();
    expect(summaryRefusal({ startsAt: new Date(NOW.getTime() + HOUR), durationMinutes: 50, status: 'scheduled' }, NOW)).toBe('not_started');
    expect(summaryRefusal({ startsAt: new Date(NOW.getTime() - 2 * HOUR), durationMinutes: 50, status: 'cancelled' }, NOW)).toBe('cancelled');
  });

  it('the client reads their own shared summaries only: not a draft, not another client’s, not another practice’s', () => {
    const summary = { clientId: 'c-1', practiceId: 'p-1', sharedAt: NOW };
    expect(clientMayRead({ id: 'c-1', practiceId: 'p-1' }, summary)).toBe(true);
    expect(clientMayRead({ id: 'c-1', practiceId: 'p-1' }, { ...summary, sharedAt: null })).toBe(false);
    expect(clientMayRead({ id: 'c-2', practiceId: 'p-1' }, summary)).toBe(false);
    expect(clientMayRead({ id: 'c-1', practiceId: 'p-2' }, summary)).toBe(false);
  });

  it('a draft is edited in place until shared; after that every save is a new version', () => {
    expect(saveKind(null, 'draft')).toBe('created');
    expect(saveKind(null, 'share')).toBe('shared');
    expect(saveKind({ sharedAt: null }, 'draft')).toBe('draft_updated');
    expect(saveKind({ sharedAt: null }, 'share')).toBe('shared');
    expect(saveKind({ sharedAt: NOW }, 'share')).toBe('new_version');
    expect(saveKind({ sharedAt: NOW }, 'draft')).toBe('new_version');
  });

  it('a revision names one state of the summary', () => {
    expect(revisionOf(null)).toBe('new');
    expect(revisionOf({ updatedAt: NOW })).toBe(String(NOW.getTime()));
  });
});

describe('what reaches the client of the companion', () => {
  const episode = { clientId: 'c-1', practiceId: 'p-1', status: 'released' as const, deliveredAt: NOW };
  it('a released episode once delivered, to its own client only', () => {
    expect(clientMayHear({ id: 'c-1', practiceId: 'p-1' }, episode)).toBe(true);
    expect(clientMayHear({ id: 'c-1', practiceId: 'p-1' }, { ...episode, status: 'draft' })).toBe(false);
    expect(clientMayHear({ id: 'c-1', practiceId: 'p-1' }, { ...episode, deliveredAt: null })).toBe(false);
    expect(clientMayHear({ id: 'c-2', practiceId: 'p-1' }, episode)).toBe(false);
    expect(clientMayHear({ id: 'c-1', practiceId: 'p-2' }, episode)).toBe(false);
  });

  it('an episode is composed from a shared summary; follow-ups only after the first is released, within the limit', () => {
    const base = { kind: 'after_session' as const, shared: true, exerciseCount: 1, exerciseIndex: 0, first: null, releasedFollowUps: 0, followUpsMax: 5 };
    expect(composeRefusal(base)).toBeNull();
    expect(composeRefusal({ ...base, shared: false })).toBe('not_shared');
    expect(composeRefusal({ ...base, exerciseIndex: 1 })).toBe('bad_exercise');
    expect(composeRefusal({ ...base, first: { status: 'draft' } })).toBeNull();
    expect(composeRefusal({ ...base, first: { status: 'released' } })).toBe('already_released');
    expect(composeRefusal({ ...base, kind: 'exercise_again' })).toBe('first_not_released');
    expect(composeRefusal({ ...base, kind: 'exercise_again', first: { status: 'released' } })).toBeNull();
    expect(composeRefusal({ ...base, kind: 'exercise_again', exerciseCount: 0, exerciseIndex: null, first: { status: 'released' } })).toBe('no_exercise');
    expect(composeRefusal({ ...base, kind: 'before_next_session', exerciseCount: 0, exerciseIndex: null, first: { status: 'released' } })).toBeNull();
    expect(composeRefusal({ ...base, kind: 'before_next_session', first: { status: 'released' }, releasedFollowUps: 5 })).toBe('too_many');
  });

  it('a follow-up goes out in the future, within 60 days', () => {
    expect(deliverRefusal(new Date(NOW.getTime() + HOUR), NOW)).toBeNull();
    expect(deliverRefusal(NOW, NOW)).toBe('deliver_in_past');
    expect(deliverRefusal(new Date(NOW.getTime() + 61 * DAY), NOW)).toBe('deliver_too_far');
  });
});

const editorForm = (fields: Record<string, string>) => ({
  clientId: '8c7a1d5e-1b2c-4d3e-8f4a-5b6c7d8e9f00',
  appointmentId: '9d8b2e6f-2c3d-4e4f-9a5b-6c7d8e9f0a11',
  intent: 'share',
  revision: 'new',
  keyPoints: 'A point',
  ...fields,
});

describe('the summary editor’s input', () => {
  it('collects the numbered exercise fields into the summary’s exercises, line breaks as typed', () => {
    const parsed = saveSummarySchema.parse(
      editorForm({
        keyPoints: 'One\r\nTwo',
        [exerciseField(0, 'title')]: 'Box breathing',
        [exerciseField(0, 'body')]: 'In for four.\r\nOut for four.',
        [exerciseField(2, 'title')]: 'Grounding',
        [exerciseField(2, 'body')]: 'Name five things you see.',
      }),
    );
    expect(parsed.content).toEqual({
      keyPoints: 'One\nTwo',
      homework: '',
      exercises: [
        { title: 'Box breathing', body: 'In for four.\nOut for four.' },
        { title: 'Grounding', body: 'Name five things you see.' },
      ],
    });
  });

  it('names the very field that is missing or too long', () => {
    const result = saveSummarySchema.safeParse(editorForm({ [exerciseField(1, 'title')]: 'Half an exercise', keyPoints: 'x'.repeat(KEY_POINTS_MAX + 1) }));
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toContain(exerciseField(1, 'body'));
    expect(paths).toContain('keyPoints');
  });

  it('refuses empty key points and an unknown revision', () => {
    expect(saveSummarySchema.safeParse(editorForm({ keyPoints: '  ' })).success).toBe(false);
    expect(saveSummarySchema.safeParse(editorForm({ revision: 'yesterday' })).success).toBe(false);
  });

  it('takes at most EXERCISES_MAX exercises', () => {
    const many = Object.fromEntries(
      Array.from({ length: EXERCISES_MAX + 2 }, (_, index) => [
        [exerciseField(index, 'title'), `Exercise ${index}`],
        [exerciseField(index, 'body'), 'Do it.'],
      ]).flat(),
    );
    expect(saveSummarySchema.parse(editorForm(many)).content.exercises).toHaveLength(EXERCISES_MAX);
  });
});

describe('script injection in summaries renders as text', () => {
  const hostile = '<script>alert("x")</script><img src=x onerror="alert(1)">\n**bold** [link](javascript:alert(1))';

  it('in the summary itself', () => {
    const html = renderToStaticMarkup(
      createElement(SummaryContentView, { content: { keyPoints: hostile, homework: hostile, exercises: [{ title: '<b>Title</b>', body: hostile }] } }),
    );
    expect(html).not.toMatch(/<script|<img|<b>|href=/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;Title&lt;/b&gt;');
  });

  it('in the episode’s transcript', () => {
    const script = composeScript({ kind: 'after_session', clientName: '<i>Eve</i>', therapistName: 'Dr. <u>X</u>', keyPoints: hostile, exercise: { title: '<b>t</b>', body: hostile } });
    const html = renderToStaticMarkup(createElement(TranscriptView, { sections: transcriptSections(script), journalHref: '/portal/journal/new?summary=1' }));
    expect(html).not.toMatch(/<script|<img|<b>|<i>|<u>/i);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('href="/portal/journal/new?summary=1"');
  });
});
