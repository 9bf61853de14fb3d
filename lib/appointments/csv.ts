// A small CSV reader (RFC 4180, leniently): quoted fields with "" for a quote, commas and line
// breaks inside quotes, CRLF, LF or CR line ends, a leading byte-order mark. The delimiter is the
// comma, or a semicolon or tab when the first line has one of those and no comma (spreadsheets set
// to a European locale write semicolons). Pure; no dependency.

export interface CsvRecord {
  /** The physical line the record starts on, counting from 1. */
  line: number;
  fields: string[];
}

export type CsvResult = { ok: true; records: CsvRecord[] } | { ok: false; problem: 'unterminated-quote'; line: number };

function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  if (firstLine.includes(',')) return ',';
  if (firstLine.includes(';')) return ';';
  if (firstLine.includes('\t')) return '\t';
  return ',';
}

export function parseCsv(input: string): CsvResult {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const delimiter = delimiterOf(text);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteOpenedOn = 0;
  // Whether the record so far holds anything at all (a character, a delimiter or a quote).
  let started = false;
  let i = 0;

  const endField = () => {
    fields.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push({ line: recordLine, fields });
    fields = [];
    started = false;
  };

  while (i < text.length) {
    const char = text[i];
    if (char !== '\r' && char !== '\n') started = true;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        continue;
      }
      if (char === '\n' || (char === '\r' && text[i + 1] !== '\n')) line += 1;
      field += char;
      i += 1;
      continue;
    }
    if (char === '"' && field.trim() === '') {
      // A quote opens a quoted field only at its start (spaces before it are dropped).
      field = '';
      quoted = true;
      quoteOpenedOn = line;
      i += 1;
      continue;
    }
    if (char === delimiter) {
      endField();
      i += 1;
      continue;
    }
    if (char === '\r' || char === '\n') {
      endRecord();
      i += char === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line += 1;
      recordLine = line;
      continue;
    }
    field += char;
    i += 1;
  }
  if (quoted) return { ok: false, problem: 'unterminated-quote', line: quoteOpenedOn };
  // A last line without a line break still counts; a trailing line break adds no empty record.
  if (started) endRecord();
  return { ok: true, records };
}

/** Whether a record holds nothing but empty fields (a blank line, or ",,,"). */
export function isBlankRecord(record: CsvRecord): boolean {
  return record.fields.every((value) => value.trim() === '');
}
