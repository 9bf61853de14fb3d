import { describe, expect, it } from 'vitest';
import { emptyContent, excerptOf, mergeDrafts, parseTags, type EntryDraft } from '@/lib/journal/model';
import { entryTerms, normalise, prefixesOf, queryWordTerms, tagTerm, tokenise } from '@/lib/journal/terms';

const content = (changes: Partial<ReturnType<typeof emptyContent>> = {}) => ({ ...emptyContent(), ...changes });

describe('journal search terms', () => {
  it('normalises case, accents, compatibility forms and the foldings lower case misses', () => {
    expect(normalise('Café NAÏVE')).toBe('cafe naive');
    expect(normalise('ﬁne ＡＢＣ')).toBe('fine abc');
    expect(normalise('Straße')).toBe('strasse');
    expect(normalise('ΟΔΟΣ')).toBe(normalise('οδος'));
  });

  it('cuts text into words: apostrophes join, punctuation splits, one-letter words are dropped', () => {
    expect(tokenise("Don't PANIC: it's a calm-ish day, I think… (v2)")).toEqual(['dont', 'panic', 'its', 'calm', 'ish', 'day', 'think', 'v2']);
    expect(tokenise('2nd session; covid19')).toEqual(['2nd', 'session', 'covid19']);
  });

  it('treats each character of scripts written without spaces as a word', () => {
    expect(tokenise('東京に行く')).toEqual(['東', '京', 'に', '行', 'く']);
  });

  it('keeps very long words to their first 64 letters', () => {
    expect(tokenise('a'.repeat(100))[0]).toHaveLength(64);
  });

  it('indexes the starts of longer words, from 3 to 8 letters', () => {
    expect(prefixesOf('breathing')).toEqual(['bre', 'brea', 'breat', 'breath', 'breathi', 'breathin']);
    expect(prefixesOf('calm')).toEqual(['cal']);
    expect(prefixesOf('sad')).toEqual([]);
  });

  it('gives an entry each term once: words of every part (with their starts) and its tags', () => {
    const terms = entryTerms(
      content({ title: 'Breathing', prompts: { keyPoints: 'breathing again', learned: '', practise: 'Box breathing', feeling: '' }, text: 'Calm', tags: ['Sleep well', 'work'] }),
    );
    const keys = terms.map((term) => `${term.kind}:${term.value}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(expect.arrayContaining(['w:breathing', 'p:breath', 'w:again', 'w:box', 'w:calm', 'p:cal', 't:sleep well', 't:work', 'w:sleep', 'w:well']));
    expect(keys).not.toContain('p:breathing');
  });

  it('matches a query word as a whole word, or as the start of a word when it has 3 to 8 letters', () => {
    expect(queryWordTerms('Breath OK understanding breath')).toEqual([
      [
        { kind: 'w', value: 'breath' },
        { kind: 'p', value: 'breath' },
      ],
      [{ kind: 'w', value: 'ok' }],
      [{ kind: 'w', value: 'understanding' }],
    ]);
    expect(queryWordTerms('one two three four five six seven eight nine ten eleven')).toHaveLength(10);
  });

  it('compares tags without case, accents or extra spaces', () => {
    expect(tagTerm('  Self  Care ')).toBe('self care');
    expect(tagTerm('Café')).toBe(tagTerm('cafe'));
  });
});

describe('journal model', () => {
  it('parses tags as typed: trimmed, spaces collapsed, each once whatever its case', () => {
    expect(parseTags(' sleep, Work ,,  self   care, SLEEP, ')).toEqual(['sleep', 'Work', 'self care']);
    expect(parseTags('')).toEqual([]);
  });

  it('excerpts the first part written in, flattened and cut with an ellipsis', () => {
    expect(excerptOf(content({ prompts: { keyPoints: '', learned: 'I  learned\nthat', practise: '', feeling: '' }, text: 'later' }))).toBe('I learned that');
    expect(excerptOf(content({ text: 'x'.repeat(300) }), 20)).toBe(`${'x'.repeat(19)}…`);
    expect(excerptOf(content())).toBe('');
  });

  it('combines two versions after a conflict without losing either one’s words', () => {
    const draft = (changes: Partial<ReturnType<typeof emptyContent>>, entryDate = '2026-03-02'): EntryDraft => ({ entryDate, appointmentId: null, content: content(changes) });
    const saved = draft({ title: 'Saved title', text: 'From the other tab.', prompts: { keyPoints: 'Same', learned: 'Short', practise: '', feeling: 'Calm' }, mood: 4, tags: ['sleep'] }, '2026-03-01');
    const mine = draft({ title: '', text: 'From this page.', prompts: { keyPoints: 'Same', learned: 'Short and longer', practise: 'Walk', feeling: '' }, mood: null, tags: ['work', 'Sleep'] });
    const merged = mergeDrafts(mine, saved);
    expect(merged.entryDate).toBe('2026-03-02');
    expect(merged.content.title).toBe('Saved title');
    expect(merged.content.text).toBe('From the other tab.\n\nFrom this page.');
    expect(merged.content.prompts).toEqual({ keyPoints: 'Same', learned: 'Short and longer', practise: 'Walk', feeling: 'Calm' });
    expect(merged.content.mood).toBe(4);
    expect(merged.content.tags).toEqual(['sleep', 'work']);
  });
});
