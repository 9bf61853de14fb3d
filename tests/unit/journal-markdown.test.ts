import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { journalMarkdown, journalPdf } from '@/lib/journal/export';
import { emptyContent, type EntryContent } from '@/lib/journal/model';
import { renderEntry } from '@/lib/journal/render';

const content = (changes: Partial<EntryContent>): EntryContent => ({ ...emptyContent(), ...changes });
const html = (text: string) => renderEntry(content({ text })).map((section) => section.html).join('');
const hrefs = (rendered: string) => [...rendered.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);

describe('rendering journal entries', () => {
  it('renders light Markdown: emphasis, lists, quotes and web links', () => {
    const rendered = html('**Calm** and _slow_\n\n- walk\n- breathe\n\n> what we said\n\n[a guide](https://example.org/guide)');
    expect(rendered).toContain('<strong>Calm</strong>');
    expect(rendered).toContain('<em>slow</em>');
    expect(rendered).toContain('<li>walk</li>');
    expect(rendered).toContain('<blockquote>');
    expect(hrefs(rendered)).toEqual(['https://example.org/guide']);
  });

  it('shows a script as text and never as a script', () => {
    const rendered = html('Before <script>alert(document.cookie)</script> after');
    expect(rendered).toContain('&lt;script&gt;alert(document.cookie)&lt;/script&gt;');
    expect(rendered).not.toMatch(/<script/i);
  });

  it('escapes raw HTML: no image with a handler, no iframe, no event attribute', () => {
    const rendered = html('<img src=x onerror="alert(1)">\n\n<iframe src="https://evil.example"></iframe>\n\n<b onmouseover="alert(1)">hi</b>');
    expect(rendered).not.toMatch(/<img|<iframe|<b /i);
    expect(rendered).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  });

  it.each(['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html;base64,PHNjcmlwdD4=', 'vbscript:msgbox(1)'])('links nothing for [x](%s)', (target) => {
    const rendered = html(`[x](${target}) <${target}>`);
    expect(hrefs(rendered)).toEqual([]);
  });

  it('drops images, which would load from anywhere', () => {
    expect(html('![pixel](https://tracker.example/p.gif)')).not.toContain('<img');
  });

  it('renders each part on its own, under its label, and leaves out empty parts', () => {
    const sections = renderEntry(content({ prompts: { keyPoints: '```\nnever closed', learned: '', practise: 'Walk daily', feeling: '' }, text: '  ' }));
    expect(sections.map((section) => section.label)).toEqual(['Key points', 'What I want to practise']);
    // The fence left open in the key points does not swallow the next part.
    expect(sections[1].html).toBe('<p>Walk daily</p>\n');
  });
});

describe('journal export', () => {
  const entries = [
    { entryDate: '2026-03-01', content: content({ title: 'First', mood: 6, tags: ['sleep', 'work'], prompts: { keyPoints: '> quoted point', learned: 'Slow down', practise: '', feeling: '' } }) },
    { entryDate: '2026-03-04', content: content({ text: 'Free **writing** with <script>x</script> and emoji 🌿 and Zoë.' }) },
  ];

  it('writes Markdown with every entry, oldest first, its words exactly as written', () => {
    const markdown = journalMarkdown(entries, '2026-03-05');
    expect(markdown.startsWith('# My journal\n\nExported from Hearth on 2026-03-05. 2 entries.')).toBe(true);
    expect(markdown.indexOf('## 2026-03-01 · First')).toBeLessThan(markdown.indexOf('## 2026-03-04 · Untitled entry'));
    expect(markdown).toContain('_Mood: 6 of 10 · Tags: sleep, work_');
    expect(markdown).toContain('### Key points\n\n> quoted point');
    expect(markdown).toContain('Free **writing** with <script>x</script> and emoji 🌿 and Zoë.');
  });

  it('writes a PDF whose text reads back, with what the fonts cannot show marked and explained', async () => {
    const bytes = await journalPdf(entries, '2026-03-05');
    const { text } = await extractText(await getDocumentProxy(bytes.slice()), { mergePages: true });
    expect(text).toContain('My journal');
    expect(text).toContain('2026-03-01 · First');
    expect(text).toContain('Slow down');
    expect(text).toContain('Zoë');
    expect(text).toContain('emoji ?');
    expect(text).toContain('1 character could not be shown');
    expect(text).toContain('Page 1 of 1');
  });

  it('pages a long journal', async () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ entryDate: '2026-01-01', content: content({ title: `Entry ${i}`, text: 'A line of words. '.repeat(40) }) }));
    const { totalPages } = await extractText(await getDocumentProxy((await journalPdf(many, '2026-03-05')).slice()));
    expect(totalPages).toBeGreaterThan(5);
  });
});
