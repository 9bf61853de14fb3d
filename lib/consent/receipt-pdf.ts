import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { RECEIPT_DOCUMENT_TITLE, type ReceiptBlock, type ReceiptContent, type ReceiptField, type ReceiptRecord, receiptContent } from './receipt';

/**
 * The receipt as an A4 PDF, drawn with the standard PDF fonts (Helvetica, and Courier for hashes), so nothing is embedded
 * and nothing is fetched. Those fonts use WinAnsi encoding, which covers Western European text but not every character:
 * anything else is printed as "?" and the receipt then says so (the JSON export holds the exact text). The document's
 * metadata holds its title only, never a name.
 */

export const A4: [number, number] = [595.28, 841.89];
const MARGIN_X = 50;
const TOP = A4[1] - 56;
const BOTTOM = 64;
const FOOTER_Y = 36;
const CONTENT_WIDTH = A4[0] - 2 * MARGIN_X;
const LABEL_WIDTH = 150;
const VALUE_X = MARGIN_X + 160;
const VALUE_WIDTH = A4[0] - MARGIN_X - VALUE_X;
const BULLET_INDENT = 12;

const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.35, 0.35, 0.4);
const RULE = rgb(0.75, 0.75, 0.78);

interface Style {
  font: PDFFont;
  size: number;
  lineHeight: number;
  color: ReturnType<typeof rgb>;
}

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  mono: PDFFont;
}

/**
 * The text with every character the font cannot encode replaced by "?": one per code point, so an emoji is one "?" (and
 * one with a variation selector two). Line breaks are kept, tabs become spaces; `replaced` counts the substitutions.
 */
export function sanitiseForFont(text: string, characterSet: ReadonlySet<number>): { text: string; replaced: number } {
  let replaced = 0;
  let out = '';
  for (const char of text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, ' ')) {
    const codePoint = char.codePointAt(0)!;
    if (char === '\n' || characterSet.has(codePoint)) out += char;
    else {
      out += '?';
      replaced += 1;
    }
  }
  return { text: out, replaced };
}

/** Splits text into lines no wider than `width`: at spaces, and inside a word (a hash, a user agent) only when it is wider than a line. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const fits = (candidate: string) => font.widthOfTextAtSize(candidate, size) <= width;
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ').filter((part) => part !== '')) {
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

class Writer {
  readonly pages: PDFPage[] = [];
  replaced = 0;
  private page!: PDFPage;
  private y = TOP;
  private readonly characterSet: ReadonlySet<number>;

  constructor(
    private readonly doc: PDFDocument,
    readonly styles: Record<'title' | 'summary' | 'heading' | 'subheading' | 'body' | 'label' | 'code' | 'footer', Style>,
  ) {
    this.characterSet = new Set(styles.body.font.getCharacterSet());
    this.newPage();
  }

  private newPage() {
    this.page = this.doc.addPage(A4);
    this.pages.push(this.page);
    this.y = TOP;
  }

  clean(text: string): string {
    const result = sanitiseForFont(text, this.characterSet);
    this.replaced += result.replaced;
    return result.text;
  }

  /** Moves to a new page unless `height` more fits on this one. */
  ensure(height: number) {
    if (this.y - height < BOTTOM) this.newPage();
  }

  /** Vertical space, dropped at the top of a page. */
  space(height: number) {
    if (this.y < TOP) this.y -= height;
  }

  /** One line of text whose top is at `at.y` (the current line unless given). */
  private draw(text: string, x: number, style: Style, at: { page: PDFPage; y: number } = { page: this.page, y: this.y }) {
    if (text !== '') at.page.drawText(text, { x, y: at.y - style.size, font: style.font, size: style.size, color: style.color });
  }

  /** Text wrapped to `width` from `x`, a line at a time, breaking pages between lines. */
  text(text: string, style: Style, x = MARGIN_X, width = CONTENT_WIDTH) {
    for (const line of wrapText(this.clean(text), style.font, style.size, width)) {
      this.ensure(style.lineHeight);
      this.draw(line, x, style);
      this.y -= style.lineHeight;
    }
  }

  heading(text: string) {
    const { heading, body } = this.styles;
    this.space(14);
    this.ensure(heading.lineHeight + 6 + 3 * body.lineHeight);
    this.text(text, heading);
    this.page.drawLine({ start: { x: MARGIN_X, y: this.y + 2 }, end: { x: MARGIN_X + CONTENT_WIDTH, y: this.y + 2 }, thickness: 0.5, color: RULE });
    this.y -= 6;
  }

  subheading(text: string) {
    const { subheading, body } = this.styles;
    this.space(6);
    this.ensure(subheading.lineHeight + 2 * body.lineHeight);
    this.text(text, subheading);
    this.y -= 2;
  }

  /**
   * Label and value side by side. A row that fits on a page is kept together; a longer one runs on line by line. Each
   * page's label lines are drawn before its value lines, so the text reads (and copies) as label, then value.
   */
  field(row: ReceiptField) {
    const { label, body, code } = this.styles;
    const valueStyle = row.code ? code : body;
    const labels = wrapText(this.clean(row.label), label.font, label.size, LABEL_WIDTH);
    const values = wrapText(this.clean(row.value), valueStyle.font, valueStyle.size, VALUE_WIDTH);
    const lineHeight = Math.max(label.lineHeight, valueStyle.lineHeight);
    const count = Math.max(labels.length, values.length);
    if (count * lineHeight <= TOP - BOTTOM) this.ensure(count * lineHeight);
    const places: { page: PDFPage; y: number }[] = [];
    for (let index = 0; index < count; index += 1) {
      this.ensure(lineHeight);
      places.push({ page: this.page, y: this.y });
      this.y -= lineHeight;
    }
    for (const page of new Set(places.map((place) => place.page))) {
      places.forEach((place, index) => {
        if (place.page === page && index < labels.length) this.draw(labels[index], MARGIN_X, label, place);
      });
      places.forEach((place, index) => {
        if (place.page === page && index < values.length) this.draw(values[index], VALUE_X, valueStyle, place);
      });
    }
    this.y -= 3;
  }

  bullet(item: string) {
    const { body } = this.styles;
    const lines = wrapText(this.clean(item), body.font, body.size, CONTENT_WIDTH - BULLET_INDENT);
    lines.forEach((line, index) => {
      this.ensure(body.lineHeight);
      if (index === 0) this.draw('•', MARGIN_X + 2, body);
      this.draw(line, MARGIN_X + BULLET_INDENT, body);
      this.y -= body.lineHeight;
    });
  }

  block(block: ReceiptBlock) {
    switch (block.kind) {
      case 'paragraph':
        this.text(block.text, this.styles.body);
        this.y -= 4;
        return;
      case 'subheading':
        this.subheading(block.text);
        return;
      case 'fields':
        for (const row of block.rows) this.field(row);
        this.y -= 3;
        return;
      case 'list':
        for (const item of block.items) this.bullet(item);
        this.y -= 4;
        return;
    }
  }

  /** "Page n of N" on every page, with the receipt's title and reference. */
  footers(left: string) {
    const { footer } = this.styles;
    const text = this.clean(left);
    this.pages.forEach((page, index) => {
      const number = `Page ${index + 1} of ${this.pages.length}`;
      page.drawText(text, { x: MARGIN_X, y: FOOTER_Y, font: footer.font, size: footer.size, color: footer.color });
      const width = footer.font.widthOfTextAtSize(number, footer.size);
      page.drawText(number, { x: A4[0] - MARGIN_X - width, y: FOOTER_Y, font: footer.font, size: footer.size, color: footer.color });
    });
  }
}

function styles(fonts: Fonts): Writer['styles'] {
  return {
    title: { font: fonts.bold, size: 18, lineHeight: 24, color: INK },
    summary: { font: fonts.regular, size: 11, lineHeight: 15, color: INK },
    heading: { font: fonts.bold, size: 13, lineHeight: 18, color: INK },
    subheading: { font: fonts.bold, size: 11, lineHeight: 15, color: INK },
    body: { font: fonts.regular, size: 10, lineHeight: 13.5, color: INK },
    label: { font: fonts.bold, size: 9.5, lineHeight: 13.5, color: MUTED },
    code: { font: fonts.mono, size: 8.5, lineHeight: 13.5, color: INK },
    footer: { font: fonts.regular, size: 8, lineHeight: 10, color: MUTED },
  };
}

/** Draws receipt content on A4 pages. */
export async function contentPdf(content: ReceiptContent, options: { reference: string; generatedAt: Date }): Promise<Uint8Array> {
  // No default metadata: pdf-lib would name itself as producer and creator and date the file now.
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(RECEIPT_DOCUMENT_TITLE, { showInWindowTitleBar: true });
  doc.setCreator('Hearth');
  doc.setProducer('Hearth');
  doc.setLanguage('en-GB');
  doc.setCreationDate(options.generatedAt);
  doc.setModificationDate(options.generatedAt);

  const fonts: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    mono: await doc.embedFont(StandardFonts.Courier),
  };
  const writer = new Writer(doc, styles(fonts));
  writer.text('Hearth', writer.styles.label);
  writer.text(content.title, writer.styles.title);
  writer.text(content.summary, writer.styles.summary);
  for (const section of content.sections) {
    writer.heading(section.heading);
    for (const block of section.blocks) writer.block(block);
  }
  if (writer.replaced > 0) {
    writer.space(8);
    writer.text('Some characters cannot be printed in this PDF’s font and are shown as “?”. The JSON export holds the exact text.', writer.styles.body);
  }
  writer.footers(`${content.title} · reference ${options.reference}`);
  return doc.save();
}

/** The receipt for a record as PDF bytes. Throws a ReceiptError when receiptProblems() finds any. */
export async function receiptPdf(record: ReceiptRecord): Promise<Uint8Array> {
  return contentPdf(receiptContent(record), { reference: record.id, generatedAt: record.generatedAt });
}
