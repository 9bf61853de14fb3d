import { describe, expect, it } from 'vitest';
import { detectContentType, extensionMismatch, safeFileName, SNIFF_BYTES, type DetectedType } from './content-type';

const encoder = new TextEncoder();
const ascii = (text: string) => Uint8Array.from(text, (character) => character.charCodeAt(0));
const concat = (...parts: (Uint8Array | number[] | string)[]) => {
  const arrays = parts.map((part) => (typeof part === 'string' ? ascii(part) : Uint8Array.from(part)));
  const out = new Uint8Array(arrays.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of arrays) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};
const u16le = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const u32le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
const u32be = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

/** Detection of a whole sample (the head is the file). */
const detect = (bytes: Uint8Array) => detectContentType(bytes, bytes.length);

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A ZIP of stored (uncompressed) entries; `streamed` puts the sizes in data descriptors after the data. */
function zip(entries: Record<string, string | Uint8Array>, options: { streamed?: boolean } = {}): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const data = typeof content === 'string' ? encoder.encode(content) : content;
    const crc = crc32(data);
    const flags = options.streamed ? 0x8 : 0;
    const sizes = options.streamed ? [...u32le(0), ...u32le(0), ...u32le(0)] : [...u32le(crc), ...u32le(data.length), ...u32le(data.length)];
    const local = concat(
      u32le(0x04034b50), u16le(20), u16le(flags), u16le(0), u16le(0), u16le(0), sizes, u16le(name.length), u16le(0), name, data,
      options.streamed ? [...u32le(0x08074b50), ...u32le(crc), ...u32le(data.length), ...u32le(data.length)] : [],
    );
    centrals.push(
      concat(
        u32le(0x02014b50), u16le(20), u16le(20), u16le(flags), u16le(0), u16le(0), u16le(0), u32le(crc), u32le(data.length), u32le(data.length),
        u16le(name.length), u16le(0), u16le(0), u16le(0), u16le(0), u32le(0), u32le(offset), name,
      ),
    );
    locals.push(local);
    offset += local.length;
  }
  const central = concat(...centrals);
  const count = Object.keys(entries).length;
  return concat(...locals, central, u32le(0x06054b50), u16le(0), u16le(0), u16le(count), u16le(count), u32le(central.length), u32le(offset), u16le(0));
}

const CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
const DOCX_ENTRIES = {
  '[Content_Types].xml': CONTENT_TYPES,
  '_rels/.rels': '<Relationships/>',
  'word/document.xml': '<w:document/>',
};

/** An ISO BMFF box. */
const box = (type: string, ...content: (Uint8Array | number[] | string)[]) => {
  const body = concat(...content);
  return concat(u32be(8 + body.length), type, body);
};
const ftyp = (major: string, ...compatible: string[]) => box('ftyp', major, u32be(0), ...compatible);
const track = (handler: string) => box('trak', box('mdia', box('hdlr', u32be(0), u32be(0), handler, new Uint8Array(12), 'handler\0')));

/** An Ogg first page carrying one packet. */
const oggPage = (packet: Uint8Array | string) => {
  const body = typeof packet === 'string' ? ascii(packet) : packet;
  return concat('OggS', [0, 0x02], new Uint8Array(8), u32le(1), u32le(0), u32le(0), [1, body.length], body);
};

/** An EBML header with the given DocType, then the start of a Segment. */
const ebml = (docType: string) => {
  const elements = concat([0x42, 0x86, 0x81, 0x01], [0x42, 0x82, 0x80 | docType.length], docType, [0x42, 0x87, 0x81, 0x04]);
  return concat([0x1a, 0x45, 0xdf, 0xa3, 0x80 | elements.length], elements, [0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
};

const SAMPLES: Record<string, Uint8Array> = {
  pdf: concat('%PDF-1.7\n%', [0xe2, 0xe3, 0xcf, 0xd3], '\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'),
  png: concat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], u32be(13), 'IHDR', u32be(1), u32be(1), [8, 6, 0, 0, 0], u32be(0)),
  jpeg: concat([0xff, 0xd8, 0xff, 0xe0], [0x00, 0x10], 'JFIF\0', [1, 1, 0, 0, 1, 0, 1, 0, 0]),
  webp: concat('RIFF', u32le(26), 'WEBP', 'VP8L', u32le(14), new Uint8Array(14)),
  docx: zip(DOCX_ENTRIES),
  wav: concat('RIFF', u32le(36), 'WAVE', 'fmt ', u32le(16), u16le(1), u16le(1), u32le(8000), u32le(16000), u16le(2), u16le(16), 'data', u32le(0)),
  ogg: oggPage(concat([0x01], 'vorbis', new Uint8Array(23))),
  opus: oggPage(concat('OpusHead', [1, 1], new Uint8Array(9))),
  flac: concat('fLaC', [0x80, 0, 0, 34], new Uint8Array(34)),
  webm: ebml('webm'),
  m4a: concat(ftyp('M4A ', 'M4A ', 'mp42', 'isom'), box('free')),
  mp3: concat('ID3', [4, 0, 0], [0, 0, 0, 10], new Uint8Array(10), [0xff, 0xfb, 0x90, 0x64]),
  // Two MPEG-1 layer III frames of 128 kbit/s at 44.1 kHz (417 bytes each).
  mp3Frame: concat([0xff, 0xfb, 0x90, 0x64], new Uint8Array(413), [0xff, 0xfb, 0x90, 0x64], new Uint8Array(413)),
  // Two ADTS frames of 16 bytes.
  aac: concat([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc], new Uint8Array(9), [0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc], new Uint8Array(9)),
  text: encoder.encode('Notes for Tuesday\r\n\tBreathing: 4-7-8\fPage two — “quotes”, ünïcödé, 😊\n'),
};

describe('detectContentType', () => {
  it.each([
    ['pdf', 'application/pdf', 'pdf'],
    ['png', 'image/png', 'image'],
    ['jpeg', 'image/jpeg', 'image'],
    ['webp', 'image/webp', 'image'],
    ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
    ['wav', 'audio/wav', 'audio'],
    ['ogg', 'audio/ogg', 'audio'],
    ['opus', 'audio/ogg', 'audio'],
    ['flac', 'audio/flac', 'audio'],
    ['webm', 'audio/webm', 'audio'],
    ['m4a', 'audio/mp4', 'audio'],
    ['mp3', 'audio/mpeg', 'audio'],
    ['mp3Frame', 'audio/mpeg', 'audio'],
    ['aac', 'audio/aac', 'audio'],
    ['text', 'text/plain', 'text'],
  ])('recognises %s', (sample, mediaType, family) => {
    expect(detect(SAMPLES[sample])).toMatchObject({ mediaType, family });
  });

  it('names Opus in Ogg by its extension', () => {
    expect(detect(SAMPLES.opus)?.extensions).toContain('opus');
    expect(detect(SAMPLES.ogg)?.extensions).not.toContain('opus');
  });

  it('judges a file by its head, which may end inside a character', () => {
    const text = encoder.encode('Tagebuch: Gefühle');
    const head = text.subarray(0, text.indexOf(0xc3) + 1);
    expect(detectContentType(head, text.length)?.mediaType).toBe('text/plain');
    // The same bytes as a whole file end in a broken character.
    expect(detectContentType(head, head.length)).toBeNull();
    expect(detectContentType(SAMPLES.pdf, 10 * 1024 * 1024)?.mediaType).toBe('application/pdf');
  });

  describe('refuses', () => {
    const refused: Record<string, Uint8Array> = {
      'a Windows executable (renamed scan.pdf)': concat('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0], new Uint8Array(50), 'This program cannot be run in DOS mode.'),
      'text that starts like a Windows executable': encoder.encode('MZ is where the file starts'),
      'an ELF executable': concat([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], new Uint8Array(56)),
      'a Mach-O executable': concat([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1], new Uint8Array(24)),
      'a shell script': encoder.encode('#!/bin/sh\necho hello\n'),
      'a script behind a byte order mark': concat([0xef, 0xbb, 0xbf], '#!/usr/bin/env python3\n'),
      'text with a NUL': encoder.encode('hello\0world'),
      'text with an escape sequence': encoder.encode('\u001b[31mred\u001b[0m'),
      'text with a C1 control': encoder.encode('before\u0085after'),
      'invalid UTF-8': concat('caf', [0xc3, 0x28]),
      'UTF-8 overlong encoding': concat('a', [0xc0, 0xaf]),
      'UTF-16 text': concat([0xff, 0xfe], 'h\0i\0'),
      'UTF-16 text of some length': concat([0xff, 0xfe], 'D\0e\0a\0r\0 \0d\0i\0a\0r\0y\0'.repeat(40)),
      'a plain ZIP': zip({ 'notes.txt': 'hello', 'photo.png': 'x' }),
      'an XLSX': zip({ '[Content_Types].xml': CONTENT_TYPES, '_rels/.rels': '<Relationships/>', 'xl/workbook.xml': '<workbook/>' }),
      'a JAR': zip({ 'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\n', 'Main.class': new Uint8Array([0xca, 0xfe, 0xba, 0xbe]) }),
      'a ZIP that only mentions word/ in its contents': zip({ '[Content_Types].xml': `${CONTENT_TYPES}<!-- word/document.xml -->`, 'notes.txt': 'word/' }),
      'a DOCX whose word/ entry starts after the head': zip({
        '[Content_Types].xml': CONTENT_TYPES,
        'docProps/thumbnail.jpeg': new Uint8Array(SNIFF_BYTES),
        'word/document.xml': '<w:document/>',
      }).subarray(0, SNIFF_BYTES),
      'RIFF that is neither WAV nor WebP (AVI)': concat('RIFF', u32le(4), 'AVI LIST'),
      'Matroska video': ebml('matroska'),
      'Ogg Theora video': oggPage(concat([0x80], 'theora', new Uint8Array(20))),
      'MP4 video': concat(ftyp('isom', 'isom', 'mp41'), box('moov', track('vide'), track('soun'))),
      'MP4 whose tracks lie beyond the head': concat(ftyp('mp42', 'isom'), box('mdat', new Uint8Array(32))).subarray(0, 40),
      'an ISO file of another brand (HEIC)': ftyp('heic', 'mif1', 'heic'),
      'GIF': encoder.encode('GIF89a\u0001\u0000'),
      'an MPEG frame with a reserved layer and version': concat([0xff, 0xe9, 0x90, 0x64], new Uint8Array(8)),
      'an MPEG frame header followed by something else': concat([0xff, 0xfb, 0x90, 0x64], new Uint8Array(1000)),
      'an ADTS header followed by something else': concat([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc], new Uint8Array(100)),
    };
    it.each(Object.entries(refused))('%s', (_name, bytes) => {
      expect(detect(bytes)).toBeNull();
    });

    it('an empty file', () => {
      expect(detectContentType(new Uint8Array(0), 0)).toBeNull();
      expect(detectContentType(SAMPLES.text, 0)).toBeNull();
    });
  });

  it('reads a DOCX written by a streaming writer (sizes after the data)', () => {
    expect(detect(zip(DOCX_ENTRIES, { streamed: true }))?.family).toBe('docx');
    expect(detect(zip({ '[Content_Types].xml': CONTENT_TYPES, 'xl/workbook.xml': '<workbook/>' }, { streamed: true }))).toBeNull();
  });

  it('accepts a generic MP4 whose tracks are all sound', () => {
    expect(detect(concat(ftyp('mp42', 'isom', 'mp42'), box('moov', box('mvhd', new Uint8Array(100)), track('soun')), box('mdat', new Uint8Array(16))))?.mediaType).toBe(
      'audio/mp4',
    );
  });

  it('needs no more than SNIFF_BYTES', () => {
    expect(SNIFF_BYTES).toBeLessThanOrEqual(64 * 1024);
  });
});

describe('extensionMismatch', () => {
  const type = (sample: string) => detect(SAMPLES[sample]) as DetectedType;

  it('flags a known extension of another type', () => {
    expect(extensionMismatch('scan.pdf', type('png'))).toBe(true);
    expect(extensionMismatch('x.exe', type('pdf'))).toBe(true);
    expect(extensionMismatch('notes.html', type('text'))).toBe(true);
    expect(extensionMismatch('invoice.pdf', type('docx'))).toBe(true);
    // Windows drops the trailing dot and opens "report.exe".
    expect(extensionMismatch('report.exe.', type('pdf'))).toBe(true);
  });

  it('accepts the type’s own extensions, in any case', () => {
    expect(extensionMismatch('notes.txt', type('text'))).toBe(false);
    expect(extensionMismatch('SCAN.PDF', type('pdf'))).toBe(false);
    expect(extensionMismatch('photo.jpeg', type('jpeg'))).toBe(false);
    expect(extensionMismatch('photo.JPG', type('jpeg'))).toBe(false);
    expect(extensionMismatch('session.opus', type('opus'))).toBe(false);
  });

  it('lets a name without an extension, or with one it does not know, pass', () => {
    expect(extensionMismatch('recording', type('m4a'))).toBe(false);
    expect(extensionMismatch('notes.draft-3', type('text'))).toBe(false);
    expect(extensionMismatch('Notes. Read before Tuesday', type('text'))).toBe(false);
  });
});

describe('safeFileName', () => {
  it('keeps the last part of a path', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\sam\\Desktop\\scan.pdf')).toBe('scan.pdf');
    // A fullwidth solidus is a slash once normalised.
    expect(safeFileName('x\uff0f..\uff0fy.txt')).toBe('y.txt');
  });

  it('removes control characters, bidirectional overrides and reserved characters', () => {
    expect(safeFileName('a\u0000b\u0007c\r\n.txt')).toBe('abc.txt');
    expect(safeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(safeFileName('\u2066report\u2069\u200f.pdf')).toBe('report.pdf');
    expect(safeFileName('what: "now"? <yes> | *.txt')).toBe('what now yes.txt');
  });

  it('is never empty, hidden or a device', () => {
    expect(safeFileName('')).toBe('file');
    expect(safeFileName('   ')).toBe('file');
    expect(safeFileName('..')).toBe('file');
    expect(safeFileName('\u202E')).toBe('file');
    expect(safeFileName('.pdf')).toBe('file.pdf');
    expect(safeFileName('.bashrc')).toBe('file.bashrc');
    expect(safeFileName('CON.txt')).toBe('_CON.txt');
    expect(safeFileName('  report.pdf . ')).toBe('report.pdf');
  });

  it('keeps ordinary names as they are', () => {
    expect(safeFileName('Sitzung 3 – Übungen.docx')).toBe('Sitzung 3 – Übungen.docx');
    expect(safeFileName('日記.txt')).toBe('日記.txt');
  });

  it('truncates a long name and keeps its extension', () => {
    const name = safeFileName(`${'a'.repeat(1000)}.pdf`);
    expect(name.length).toBeLessThanOrEqual(200);
    expect(name).toMatch(/^a+\.pdf$/);
    const wide = safeFileName(`${'😊é'.repeat(300)}.m4a`);
    expect(encoder.encode(wide).length).toBeLessThanOrEqual(200);
    expect(wide.endsWith('.m4a')).toBe(true);
    // Truncation never splits a character.
    expect(wide).not.toMatch(/[\ud800-\udfff]/u);
    expect(wide.normalize('NFC')).toBe(wide);
  });
});
