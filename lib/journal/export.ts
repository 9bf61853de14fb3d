import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { FIELD_LABELS, PROMPTS, titleOf, type EntryContent } from './model';

/*
 * The whole journal as one file the client keeps: Markdown (their words exactly as written) or PDF (for printing). The
 * PDF uses the standard PDF fonts, so nothing is embedded or fetched; characters those fonts cannot show print as "?",
 * and the PDF then says so.
 */

export interface ExportEntry {
  entryDate: string;
  content: EntryContent;
}

export const EXPORT_TITLE = 'My journal';

/** An entry's line under its heading: mood and tags, when given. */
function metaLine(content: EntryContent): string {
  return [content.mood === null ? null : `Mood: ${content.mood} of 10`, content.tags.length ? `Tags: ${content.tags.join(', ')}` : null].filter(Boolean).join(' · ');
}

/** The written parts of an entry, each with its heading, in the form's order. */
function sections(content: EntryContent): { label: string; text: string }[] {
  return [...PROMPTS.map((prompt) => ({ label: prompt.label, text: content.prompts[prompt.key] })), { label: FIELD_LABELS.text, text: content.text }].filter(
    (section) => section.text.trim() !== '',
  );
}

/** The journal as Markdown, oldest entry first; each entry's own Markdown is kept as written. */
export function journalMarkdown(entries: ExportEntry[], exportedOn: string): string {
  const parts = [`# ${EXPORT_TITLE}`, `Exported from Hearth on ${exportedOn}. ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}.`];
  for (const { entryDate, content } of entries) {
    parts.push('---', `## ${entryDate} · ${titleOf(content)}`);
    const meta = metaLine(content);
    if (meta) parts.push(`_${meta}_`);
    for (const section of sections(content)) parts.push(`### ${section.label}`, section.text.trim());
  }
  return `${parts.join('\n\n')}\n`;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const WIDTH = A4[0] - 2 * MARGIN;
const TOP = A4[1] - MARGIN;
const BOTTOM = 64;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.35, 0.35, 0.4);

interface Style {
  font: PDFFont;
  size: number;
  color: ReturnType<typeof rgb>;
}

/** Lays text out down the pages: wrapped at spaces (inside a word only when it is wider than a line), new pages as needed. */
class PdfWriter {
  private page!: PDFPage;
  private y = TOP;
  readonly pages: PDFPage[] = [];
  replaced = 0;
  private readonly characters: Set<number>;

  constructor(private readonly doc: PDFDocument, font: PDFFont) {
    this.characters = new Set(font.getCharacterSet());
    this.newPage();
  }

  private newPage() {
    this.page = this.doc.addPage(A4);
    this.pages.push(this.page);
    this.y = TOP;
  }

  /** The text with what the font cannot show as "?" (counted), tabs as spaces, line breaks kept. */
  private clean(text: string): string {
    let out = '';
    for (const char of text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, '    ')) {
      if (char === '\n' || this.characters.has(char.codePointAt(0)!)) out += char;
      else {
        out += '?';
        this.replaced += 1;
      }
    }
    return out;
  }

  private wrap(text: string, style: Style): string[] {
    const fits = (line: string) => style.font.widthOfTextAtSize(line, style.size) <= WIDTH;
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
      let line = '';
      for (const word of paragraph.split(' ')) {
        const candidate = line === '' ? word : `${line} ${word}`;
        if (fits(candidate)) {
          line = candidate;
          continue;
        }
        if (line !== '') lines.push(line);
        line = '';
        for (const char of word) {
          if (line !== '' && !fits(line + char)) {
            lines.push(line);
            line = '';
          }
          line += char;
        }
      }
      lines.push(line);
    }
    return lines;
  }

  /** Writes a block of text; `keepWith` more lines must fit after its first line, or it starts on a new page. */
  text(text: string, style: Style, options: { after?: number; keepWith?: number } = {}) {
    const lineHeight = style.size * 1.4;
    const lines = this.wrap(this.clean(text), style);
    if (this.y - lineHeight * (1 + (options.keepWith ?? 0)) < BOTTOM) this.newPage();
    for (const line of lines) {
      if (this.y - lineHeight < BOTTOM) this.newPage();
      this.y -= lineHeight;
      if (line) this.page.drawText(line, { x: MARGIN, y: this.y + style.size * 0.3, size: style.size, font: style.font, color: style.color });
    }
    this.y -= options.after ?? 0;
  }

  rule() {
    if (this.y - 24 < BOTTOM) return this.newPage();
    this.y -= 12;
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: MARGIN + WIDTH, y: this.y }, thickness: 0.5, color: MUTED });
    this.y -= 12;
  }
}

/** The journal as an A4 PDF, oldest entry first, with page numbers. Its metadata holds a title only, never a name. */
export async function journalPdf(entries: ExportEntry[], exportedOn: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(EXPORT_TITLE);
  doc.setCreator('Hearth');
  doc.setProducer('Hearth');
  const [regular, bold, italic] = await Promise.all([doc.embedFont(StandardFonts.Helvetica), doc.embedFont(StandardFonts.HelveticaBold), doc.embedFont(StandardFonts.HelveticaOblique)]);
  const styles = {
    title: { font: bold, size: 20, color: INK },
    heading: { font: bold, size: 14, color: INK },
    label: { font: bold, size: 11, color: INK },
    body: { font: regular, size: 11, color: INK },
    meta: { font: italic, size: 10, color: MUTED },
  } satisfies Record<string, Style>;
  const writer = new PdfWriter(doc, regular);
  writer.text(EXPORT_TITLE, styles.title, { after: 6 });
  writer.text(`Exported from Hearth on ${exportedOn}. ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}.`, styles.meta, { after: 4 });
  for (const { entryDate, content } of entries) {
    writer.rule();
    writer.text(`${entryDate} · ${titleOf(content)}`, styles.heading, { after: 2, keepWith: 3 });
    const meta = metaLine(content);
    if (meta) writer.text(meta, styles.meta, { after: 4 });
    for (const section of sections(content)) {
      writer.text(section.label, styles.label, { after: 2, keepWith: 2 });
      writer.text(section.text.trim(), styles.body, { after: 8 });
    }
  }
  if (writer.replaced > 0) {
    writer.rule();
    writer.text(
      `${writer.replaced} ${writer.replaced === 1 ? 'character' : 'characters'} could not be shown in this PDF and ${writer.replaced === 1 ? 'appears' : 'appear'} as "?". The Markdown export keeps every character exactly.`,
      styles.meta,
    );
  }
  writer.pages.forEach((page, index) => {
    const footer = `Page ${index + 1} of ${writer.pages.length}`;
    page.drawText(footer, { x: A4[0] - MARGIN - regular.widthOfTextAtSize(footer, 9), y: 36, size: 9, font: regular, color: MUTED });
  });
  return doc.save();
}
