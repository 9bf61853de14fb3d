import { PDFDocument, StandardFonts } from 'pdf-lib';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import type { ConsentTerms } from '@/lib/consent/model';
import { RECEIPT_DOCUMENT_TITLE, ReceiptError, type ReceiptRecord, receiptContent, receiptLines } from '@/lib/consent/receipt';
import { A4, receiptPdf, sanitiseForFont, wrapText } from '@/lib/consent/receipt-pdf';
import { termsSha256 } from '@/lib/consent/terms';
import { requestIn, TERMS } from './consent-fixtures';
import {
  activeRecord,
  CLIENT,
  declinedRecord,
  endedRecord,
  LONG_USER_AGENT,
  PRACTICE,
  recordFor,
  THERAPIST,
  WITHDRAWAL_REASON,
  withdrawnRecord,
} from './consent-receipt-fixtures';

/** The text of each page, as a PDF reader extracts it. */
async function pagesOf(bytes: Uint8Array): Promise<string[]> {
  const { text } = await extractText(await getDocumentProxy(bytes.slice()), { mergePages: false });
  return text;
}

// Lines wrap wherever the width runs out, hashes included: compare text with all whitespace removed.
const squash = (text: string) => text.replace(/\s+/g, '');

async function textOf(record: ReceiptRecord): Promise<string> {
  return squash((await pagesOf(await receiptPdf(record))).join('\n'));
}

/** The same record with other terms, its hash recomputed and its signatures given to the new terms. */
function withTerms(record: ReceiptRecord, terms: ConsentTerms): ReceiptRecord {
  const sha256 = termsSha256(terms);
  const marks = Object.fromEntries(Object.keys(record.request.signatures).map((party) => [party, { termsVersion: record.request.terms.version, termsSha256: sha256 }]));
  return {
    ...record,
    request: { ...record.request, terms: { ...record.request.terms, terms, sha256 }, signatures: marks },
    signatures: record.signatures.map((signature) => ({ ...signature, termsSha256: sha256 })),
  };
}

describe('receipt PDF', () => {
  it.each([
    ['active', activeRecord],
    ['declined', declinedRecord],
    ['withdrawn', withdrawnRecord],
    ['ended', endedRecord],
  ] as const)('%s: every line of the receipt can be read back from the PDF', async (_state, make) => {
    const record = make();
    const text = await textOf(record);
    for (const line of receiptLines(receiptContent(record))) expect(text, line).toContain(squash(line));
  });

  it('holds the names, every term, the hash in full, the signature times and the status history', async () => {
    const record = withdrawnRecord();
    const text = await textOf(record);
    for (const name of [CLIENT.name, THERAPIST.name, PRACTICE.name]) expect(text).toContain(squash(name));
    for (const term of ['Why record', 'Self-reflection', 'Remembering what was said', 'Which sessions', 'Every session from 2 Mar 2026', 'Who may listen', 'Only the client']) {
      expect(text).toContain(squash(term));
    }
    expect(text).toContain(record.request.terms.sha256);
    expect(text).toContain(squash('Signed at (America/New_York time) 27 Feb 2026, 11:40:12 GMT-5'));
    expect(text).toContain(squash('Signed at (America/New_York time) 27 Feb 2026, 10:02:09 GMT-5'));
    expect(text).toContain(squash(`1 Apr 2026, 09:00:00 GMT-4 From “Agreed: recording allowed” to “Withdrawn: not recording”, by ${THERAPIST.name}`));
    expect(text).toContain(squash(WITHDRAWAL_REASON));
    expect(text).toContain(squash(LONG_USER_AGENT));
  });

  it('changing one character of the terms changes the hash printed on the receipt', async () => {
    const terms: ConsentTerms = { ...TERMS, purposes: ['self_reflection', 'other'], otherPurpose: 'To hear how I sound when I am calm' };
    const original = withTerms(recordFor(requestIn('active', terms), [], { activatedAt: new Date() }), terms);
    const changedTerms = { ...terms, otherPurpose: 'To hear how I sound when I am calM' };
    const changed = withTerms(original, changedTerms);

    expect(original.request.terms.sha256).toBe(requestIn('active', terms).terms.sha256);
    expect(changed.request.terms.sha256).not.toBe(original.request.terms.sha256);
    const [before, after] = [await textOf(original), await textOf(changed)];
    expect(before).toContain(original.request.terms.sha256);
    expect(before).not.toContain(changed.request.terms.sha256);
    expect(after).toContain(changed.request.terms.sha256);
    expect(after).not.toContain(original.request.terms.sha256);
    expect(after).toContain(squash('To hear how I sound when I am calM'));

    // Terms changed without their hash: the receipt is refused rather than printing a hash the terms do not have.
    const stale: ReceiptRecord = { ...original, request: { ...original.request, terms: { ...original.request.terms, terms: changedTerms } } };
    await expect(receiptPdf(stale)).rejects.toThrow(ReceiptError);
  });

  it('prints what Helvetica cannot encode as "?", keeps what it can (ë), and says so', async () => {
    const name = 'Zoë 🌿 Ashworth-Nguyễn';
    const base = activeRecord();
    const record: ReceiptRecord = {
      ...base,
      client: { ...base.client, name },
      signatures: base.signatures.map((signature) => (signature.party === 'client' ? { ...signature, fullName: name, userAgent: 'Браузер 😀\tTab' } : signature)),
    };
    const text = await textOf(record);
    expect(text).toContain(squash('Zoë ? Ashworth-Nguy?n'));
    expect(text).toContain(squash('??????? ? Tab'));
    expect(text).toContain(squash('Some characters cannot be printed in this PDF’s font and are shown as “?”.'));
    expect(await textOf(activeRecord())).not.toContain(squash('Some characters cannot be printed'));
  });

  it('sanitises per code point, keeping line breaks', async () => {
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    const set = new Set(font.getCharacterSet());
    expect(sanitiseForFont('Zoë’s “notes” — 5 €', set)).toEqual({ text: 'Zoë’s “notes” — 5 €', replaced: 0 });
    expect(sanitiseForFont('Zoe\u0308 😀 ❤️ 日本\r\nnext\tline', set)).toEqual({ text: 'Zoë ? ?? ??\nnext line', replaced: 5 });
  });

  it('wraps at spaces, and inside a word only when it is wider than a line', async () => {
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Courier);
    // Courier: every character is 0.6 em wide, so 10 characters at 10 pt are 60 pt.
    expect(wrapText('aaaa bbbb cccc', font, 10, 60)).toEqual(['aaaa bbbb', 'cccc']);
    expect(wrapText('0123456789012345678901234', font, 10, 60)).toEqual(['0123456789', '0123456789', '01234']);
    expect(wrapText('one\n\ntwo', font, 10, 60)).toEqual(['one', '', 'two']);
  });

  it('keeps every line inside the margins of an A4 page', async () => {
    const bytes = await receiptPdf(activeRecord());
    const pdf = await getDocumentProxy(bytes.slice());
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const page = await pdf.getPage(number);
      const { width, height } = page.getViewport({ scale: 1 });
      expect([width, height]).toEqual(A4);
      const { items } = await page.getTextContent();
      for (const item of items) {
        if (!('str' in item) || item.str === '') continue;
        const [x, y] = [item.transform[4], item.transform[5]];
        // The reader measures the standard fonts with its own metrics: allow it a point.
        expect(x, item.str).toBeGreaterThanOrEqual(50 - 1);
        expect(x + item.width, item.str).toBeLessThanOrEqual(width - 50 + 1);
        expect(y).toBeGreaterThan(30);
        expect(y).toBeLessThan(height - 50);
      }
    }
  });

  it('breaks pages and numbers them "Page n of N"', async () => {
    const base = endedRecord();
    const history = Array.from({ length: 120 }, (_, index) => ({ ...base.history[index % base.history.length], at: new Date(Date.UTC(2026, 2, 1, 0, index)) }));
    const pages = await pagesOf(await receiptPdf({ ...base, history }));
    expect(pages.length).toBeGreaterThan(3);
    pages.forEach((page, index) => expect(page).toContain(`Page ${index + 1} of ${pages.length}`));
    expect(squash(pages.join(''))).toContain(squash('28 Feb 2026, 20:59:00 GMT-5 From “Agreed: recording allowed” to “Ended: not recording”, by Hearth'));
  });

  it('keeps personal data out of the document metadata: the title only', async () => {
    for (const make of [activeRecord, declinedRecord, withdrawnRecord]) {
      const doc = await PDFDocument.load(await receiptPdf(make()), { updateMetadata: false });
      expect(doc.getTitle()).toBe(RECEIPT_DOCUMENT_TITLE);
      expect([doc.getAuthor(), doc.getSubject(), doc.getKeywords()]).toEqual([undefined, undefined, undefined]);
      expect([doc.getCreator(), doc.getProducer()]).toEqual(['Hearth', 'Hearth']);
      const info = doc.context.lookup(doc.context.trailerInfo.Info)!.toString();
      for (const personal of [CLIENT.name, 'Zo', THERAPIST.name, 'Birch', PRACTICE.name, 'Elm']) expect(info).not.toContain(personal);
    }
  });

  it('refuses a record with no receipt', async () => {
    await expect(receiptPdf(recordFor(requestIn('discussing'), []))).rejects.toThrow(ReceiptError);
  });
});
