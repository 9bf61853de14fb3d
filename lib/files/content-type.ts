// Which allowed type a file is, judged from its first bytes, never from its name or the browser's word.
// Pure and client-safe: the same rules can run in the browser before an upload starts.

export type DetectedType = { mediaType: string; extensions: string[]; family: 'pdf' | 'image' | 'text' | 'docx' | 'audio' };

/**
 * How many leading bytes detection looks at. A DOCX is recognised only when its
 * `[Content_Types].xml` and first `word/` entry start within them, as Word and most writers do.
 */
export const SNIFF_BYTES = 64 * 1024;

const TYPES = {
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'], family: 'pdf' },
  png: { mediaType: 'image/png', extensions: ['png'], family: 'image' },
  jpeg: { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'], family: 'image' },
  webp: { mediaType: 'image/webp', extensions: ['webp'], family: 'image' },
  text: { mediaType: 'text/plain', extensions: ['txt', 'text', 'md', 'csv', 'log'], family: 'text' },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'], family: 'docx' },
  m4a: { mediaType: 'audio/mp4', extensions: ['m4a', 'm4b', 'mp4'], family: 'audio' },
  aac: { mediaType: 'audio/aac', extensions: ['aac'], family: 'audio' },
  mp3: { mediaType: 'audio/mpeg', extensions: ['mp3'], family: 'audio' },
  wav: { mediaType: 'audio/wav', extensions: ['wav'], family: 'audio' },
  ogg: { mediaType: 'audio/ogg', extensions: ['ogg', 'oga'], family: 'audio' },
  opus: { mediaType: 'audio/ogg', extensions: ['opus', 'ogg', 'oga'], family: 'audio' },
  webm: { mediaType: 'audio/webm', extensions: ['webm', 'weba'], family: 'audio' },
  flac: { mediaType: 'audio/flac', extensions: ['flac'], family: 'audio' },
} satisfies Record<string, DetectedType>;

/** Extensions of types we do not accept: a file named so is something else than it claims. */
const OTHER_EXTENSIONS = [
  // programs and scripts
  'exe', 'dll', 'com', 'scr', 'msi', 'bat', 'cmd', 'ps1', 'vbs', 'js', 'mjs', 'jar', 'sh', 'app', 'apk', 'dmg', 'deb', 'rpm', 'lnk',
  // markup a browser or viewer would render
  'html', 'htm', 'xhtml', 'svg', 'xml', 'hta', 'json',
  // other documents and archives
  'doc', 'docm', 'dot', 'dotm', 'rtf', 'odt', 'xls', 'xlsx', 'xlsm', 'ods', 'ppt', 'pptx', 'pptm', 'odp', 'zip', 'rar', '7z', 'tar', 'gz',
  // other images and media
  'gif', 'bmp', 'tif', 'tiff', 'ico', 'heic', 'heif', 'avif', 'mov', 'avi', 'mkv', 'm4v', 'wma', 'amr', '3gp',
];
const KNOWN_EXTENSIONS = new Set([...Object.values(TYPES).flatMap((type) => type.extensions), ...OTHER_EXTENSIONS]);

/** The allowed type `head` (the file's first bytes, up to SNIFF_BYTES) shows, or null when it is none of them. */
export function detectContentType(head: Uint8Array, totalSize: number): DetectedType | null {
  if (totalSize === 0 || head.length === 0) return null;
  const bytes = new Bytes(head);
  if (isExecutable(bytes)) return null;
  if (bytes.ascii(0, 5) === '%PDF-') return TYPES.pdf;
  if (bytes.startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) && bytes.ascii(12, 4) === 'IHDR') return TYPES.png;
  if (bytes.startsWith([0xff, 0xd8, 0xff])) return TYPES.jpeg;
  if (bytes.ascii(0, 4) === 'RIFF') {
    const form = bytes.ascii(8, 4);
    if (form === 'WEBP' && ['VP8 ', 'VP8L', 'VP8X'].includes(bytes.ascii(12, 4))) return TYPES.webp;
    if (form === 'WAVE') return TYPES.wav;
    return null;
  }
  if (bytes.startsWith([0x50, 0x4b, 0x03, 0x04])) return isDocx(bytes) ? TYPES.docx : null;
  if (bytes.ascii(4, 4) === 'ftyp') return isMp4Audio(bytes, totalSize) ? TYPES.m4a : null;
  if (bytes.ascii(0, 4) === 'OggS') return oggAudio(bytes);
  if (bytes.startsWith([0x1a, 0x45, 0xdf, 0xa3])) return ebmlDocType(bytes) === 'webm' ? TYPES.webm : null;
  if (bytes.ascii(0, 4) === 'fLaC' && bytes.length > 4 && (bytes.u8(4) & 0x7f) === 0) return TYPES.flac;
  if (isId3(bytes)) return TYPES.mp3;
  if (isAdts(bytes, totalSize)) return TYPES.aac;
  if (isMpegAudio(bytes, totalSize)) return TYPES.mp3;
  return isPlainText(head, totalSize) ? TYPES.text : null;
}

/** True when the name's extension names a type we know that is not what the content is. */
export function extensionMismatch(fileName: string, detected: DetectedType): boolean {
  const extension = splitExtension(safeFileName(fileName)).extension.toLowerCase();
  return extension !== '' && KNOWN_EXTENSIONS.has(extension) && !detected.extensions.includes(extension);
}

/** Fits the file name column (200 characters) and every file system's 255-byte limit. */
const MAX_NAME_BYTES = 200;
const MAX_EXTENSION_LENGTH = 16;
// Controls, bidirectional overrides and isolates (which make "gpj.exe" read as "exe.jpg"),
// invisible joiners and line separators.
const INVISIBLE = /[\p{Cc}\u061c\u200b\u200e\u200f\u202a-\u202e\u2028\u2029\u2060\u2066-\u2069\ufeff]/gu;
// Reserved on Windows and in Content-Disposition headers.
const RESERVED = /[<>:"|?*]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

/** A file name safe to store, show and offer for download; never empty. */
export function safeFileName(name: string): string {
  // NFKC turns look-alikes into what they look like (a fullwidth slash into "/", "․" into ".").
  const cleaned = name.normalize('NFKC').replace(INVISIBLE, '');
  const base = (cleaned.split(/[/\\]/).pop() ?? '')
    .replace(RESERVED, '')
    .trim()
    // Windows drops trailing dots and spaces: "report.exe." opens as "report.exe".
    .replace(/[. ]+$/, '');
  const parts = splitExtension(base);
  // Leading dots hide a file or name a parent folder.
  let stem = parts.stem.replace(/^[. ]+/, '').trimEnd() || 'file';
  if (WINDOWS_DEVICE.test(stem)) stem = `_${stem}`;
  const suffix = parts.extension ? `.${parts.extension}` : '';
  const room = MAX_NAME_BYTES - utf8Length(suffix);
  let kept = '';
  let used = 0;
  for (const character of stem) {
    used += utf8Length(character);
    if (used > room) break;
    kept += character;
  }
  return `${kept.replace(/[. ]+$/, '') || 'file'}${suffix}`;
}

function splitExtension(name: string): { stem: string; extension: string } {
  const dot = name.lastIndexOf('.');
  const extension = dot >= 0 ? name.slice(dot + 1) : '';
  // "Notes. Read before the session" has no extension.
  if (!/^[\p{L}\p{N}_-]+$/u.test(extension) || extension.length > MAX_EXTENSION_LENGTH) return { stem: name, extension: '' };
  return { stem: name.slice(0, dot), extension };
}

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

/** Reads within the head only: past its end every byte reads as absent. */
class Bytes {
  constructor(private readonly head: Uint8Array) {}
  get length() {
    return this.head.length;
  }
  u8(at: number) {
    return this.head[at];
  }
  has(at: number, length: number) {
    return at >= 0 && at + length <= this.head.length;
  }
  u16le(at: number) {
    return this.head[at] | (this.head[at + 1] << 8);
  }
  u32le(at: number) {
    return (this.head[at] | (this.head[at + 1] << 8) | (this.head[at + 2] << 16) | (this.head[at + 3] << 24)) >>> 0;
  }
  u32be(at: number) {
    return ((this.head[at] << 24) | (this.head[at + 1] << 16) | (this.head[at + 2] << 8) | this.head[at + 3]) >>> 0;
  }
  /** The bytes as characters (Latin-1), or '' when they run past the head. */
  ascii(at: number, length: number) {
    return this.has(at, length) ? String.fromCharCode(...this.head.subarray(at, at + length)) : '';
  }
  startsWith(prefix: number[]) {
    return this.head.length >= prefix.length && prefix.every((byte, i) => this.head[i] === byte);
  }
}

function isExecutable(bytes: Bytes): boolean {
  if (bytes.ascii(0, 2) === 'MZ') return true; // Windows
  if (bytes.startsWith([0x7f, 0x45, 0x4c, 0x46])) return true; // ELF
  const magic = bytes.has(0, 4) ? bytes.u32be(0) : 0;
  // Mach-O, 32 and 64 bit in either byte order, and universal binaries (also Java classes).
  return [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(magic);
}

/**
 * A ZIP whose local file headers, read one after the other, include `[Content_Types].xml` and an
 * entry under `word/` before the head ends: an XLSX (xl/), a JAR or a plain ZIP has no word/.
 */
function isDocx(bytes: Bytes): boolean {
  let contentTypes = false;
  let word = false;
  let at = 0;
  while (bytes.has(at, 30) && bytes.u32le(at) === 0x04034b50) {
    const flags = bytes.u16le(at + 6);
    let compressedSize = bytes.u32le(at + 18);
    const nameLength = bytes.u16le(at + 26);
    const extraLength = bytes.u16le(at + 28);
    if (!bytes.has(at + 30, nameLength + extraLength)) return false;
    // Encrypted entries are not part of any document Word opens.
    if (flags & 0x1) return false;
    const name = bytes.ascii(at + 30, nameLength);
    if (name === '[Content_Types].xml') contentTypes = true;
    else if (name.startsWith('word/')) word = true;
    if (contentTypes && word) return true;
    const dataStart = at + 30 + nameLength + extraLength;
    let descriptorLength = 0;
    if (compressedSize === 0xffffffff) {
      const zip64 = zip64CompressedSize(bytes, at + 30 + nameLength, extraLength);
      if (zip64 === null) return false;
      compressedSize = zip64;
    }
    if (flags & 0x8) {
      // Sizes follow the data (streamed writers): find the data descriptor that names its own offset.
      const descriptor = findDataDescriptor(bytes, dataStart);
      if (descriptor === null) return false;
      compressedSize = descriptor - dataStart;
      // 16 bytes, or 24 with ZIP64 sizes: whichever the next header follows.
      descriptorLength = bytes.ascii(descriptor + 16, 2) === 'PK' ? 16 : 24;
    }
    at = dataStart + compressedSize + descriptorLength;
  }
  return false;
}

function zip64CompressedSize(bytes: Bytes, extraStart: number, extraLength: number): number | null {
  for (let at = extraStart; at + 4 <= extraStart + extraLength; ) {
    const id = bytes.u16le(at);
    const size = bytes.u16le(at + 2);
    // In a local header the ZIP64 field holds the original size, then the compressed size.
    if (id === 0x0001 && size >= 16) return bytes.u32le(at + 12) + bytes.u32le(at + 16) * 2 ** 32;
    at += 4 + size;
  }
  return null;
}

function findDataDescriptor(bytes: Bytes, dataStart: number): number | null {
  for (let at = dataStart; bytes.has(at, 16); at++) {
    if (bytes.u32le(at) === 0x08074b50 && bytes.u32le(at + 8) === at - dataStart) return at;
  }
  return null;
}

/**
 * ISO BMFF (MP4): major brand M4A or M4B, or a generic brand (mp42, isom) whose movie header,
 * within the head, holds sound tracks and no video.
 */
function isMp4Audio(bytes: Bytes, totalSize: number): boolean {
  const major = bytes.ascii(8, 4);
  if (major === 'M4A ' || major === 'M4B ') return true;
  if (major !== 'mp42' && major !== 'isom') return false;
  const moov = childBoxes(bytes, 0, totalSize).find((box) => box.type === 'moov');
  if (!moov || !bytes.has(moov.start, moov.end - moov.start)) return false;
  const handlers = childBoxes(bytes, moov.content, moov.end)
    .filter((box) => box.type === 'trak')
    .flatMap((trak) => childBoxes(bytes, trak.content, trak.end).filter((box) => box.type === 'mdia'))
    .flatMap((mdia) => childBoxes(bytes, mdia.content, mdia.end).filter((box) => box.type === 'hdlr'))
    // hdlr: version and flags, pre_defined, then the handler type.
    .map((hdlr) => bytes.ascii(hdlr.content + 8, 4));
  return handlers.includes('soun') && !handlers.includes('vide');
}

type Box = { type: string; start: number; content: number; end: number };

/** The boxes between `start` and `end` whose headers lie within the head. */
function childBoxes(bytes: Bytes, start: number, end: number): Box[] {
  const boxes: Box[] = [];
  let at = start;
  while (at + 8 <= end && bytes.has(at, 8)) {
    let size = bytes.u32be(at);
    let header = 8;
    if (size === 1) {
      if (!bytes.has(at + 8, 8)) break;
      size = bytes.u32be(at + 8) * 2 ** 32 + bytes.u32be(at + 12);
      header = 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (size < header || at + size > end) break;
    boxes.push({ type: bytes.ascii(at + 4, 4), start: at, content: at + header, end: at + size });
    at += size;
  }
  return boxes;
}

/** Ogg whose first packet starts an audio codec: Opus, Vorbis, FLAC or Speex (never Theora video). */
function oggAudio(bytes: Bytes): DetectedType | null {
  if (!bytes.has(0, 27) || bytes.u8(4) !== 0) return null;
  const packet = 27 + bytes.u8(26);
  if (bytes.ascii(packet, 8) === 'OpusHead') return TYPES.opus;
  if (bytes.ascii(packet, 7) === '\x01vorbis' || bytes.ascii(packet, 5) === '\x7fFLAC' || bytes.ascii(packet, 8) === 'Speex   ') return TYPES.ogg;
  return null;
}

/** The DocType of an EBML header ('webm', 'matroska'), or null. */
function ebmlDocType(bytes: Bytes): string | null {
  const header = readVint(bytes, 4);
  if (!header) return null;
  const end = Math.min(header.next + header.value, bytes.length);
  for (let at = header.next; at < end; ) {
    const id = readVint(bytes, at, true);
    const size = id && readVint(bytes, id.next);
    if (!id || !size) return null;
    if (id.value === 0x4282) return bytes.ascii(size.next, size.value).replace(/\0+$/, '') || null;
    at = size.next + size.value;
  }
  return null;
}

/** An EBML variable-length integer: its length is given by the leading zero bits of its first byte. */
function readVint(bytes: Bytes, at: number, keepMarker = false): { value: number; next: number } | null {
  if (!bytes.has(at, 1)) return null;
  const first = bytes.u8(at);
  const length = first === 0 ? 9 : Math.clz32(first) - 23;
  if (length > 8 || !bytes.has(at, length)) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  for (let i = 1; i < length; i++) value = value * 256 + bytes.u8(at + i);
  return { value, next: at + length };
}

/** An ID3v2 tag: "ID3", version 2 to 4, and a size in four 7-bit bytes. */
function isId3(bytes: Bytes): boolean {
  if (bytes.ascii(0, 3) !== 'ID3' || !bytes.has(0, 10)) return false;
  const version = bytes.u8(3);
  return version >= 2 && version <= 4 && bytes.u8(4) !== 0xff && [6, 7, 8, 9].every((i) => bytes.u8(i) < 0x80);
}

/**
 * An ADTS AAC frame: 12 sync bits, layer 0 and a defined sampling rate, followed by another
 * frame where its length says (unless the file ends there).
 */
function isAdts(bytes: Bytes, totalSize: number): boolean {
  const isHeader = (at: number) => bytes.has(at, 6) && bytes.u8(at) === 0xff && (bytes.u8(at + 1) & 0xf6) === 0xf0 && ((bytes.u8(at + 2) >> 2) & 0x0f) < 13;
  if (!isHeader(0)) return false;
  const length = ((bytes.u8(3) & 0x03) << 11) | (bytes.u8(4) << 3) | (bytes.u8(5) >> 5);
  return length >= 7 && (length === totalSize || isHeader(length));
}

// Bit rates in kbit/s by bit-rate index, for MPEG-1 layers I, II, III and MPEG-2/2.5 layers I, II and III.
const MPEG1_BITRATES = [
  [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
];
const MPEG2_BITRATES = [
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
];
const SAMPLING_RATES = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] } as Record<number, number[]>;

/** The length of the MPEG audio frame whose header starts at `at`, or null when there is none. */
function mpegFrameLength(bytes: Bytes, at: number): number | null {
  if (!bytes.has(at, 3) || bytes.u8(at) !== 0xff || (bytes.u8(at + 1) & 0xe0) !== 0xe0) return null;
  const version = (bytes.u8(at + 1) >> 3) & 0x3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5, 1: reserved
  const layer = 4 - ((bytes.u8(at + 1) >> 1) & 0x3); // 4: reserved
  const bitrateIndex = bytes.u8(at + 2) >> 4; // 0 ("free") cannot be measured, 15 is invalid
  const samplingRate = SAMPLING_RATES[version]?.[(bytes.u8(at + 2) >> 2) & 0x3];
  if (!samplingRate || layer === 4 || bitrateIndex === 0 || bitrateIndex === 15) return null;
  const bitrate = (version === 3 ? MPEG1_BITRATES : MPEG2_BITRATES)[layer - 1][bitrateIndex] * 1000;
  const padding = (bytes.u8(at + 2) >> 1) & 0x1;
  if (layer === 1) return (Math.floor((12 * bitrate) / samplingRate) + padding) * 4;
  const samplesPerByte = layer === 3 && version !== 3 ? 72 : 144;
  return Math.floor((samplesPerByte * bitrate) / samplingRate) + padding;
}

/**
 * MPEG audio without a tag: a frame header with a defined version, layer, bit rate and sampling
 * rate, followed by another frame where its length says (unless the file ends there).
 * A single header alone is too weak: two bytes like a UTF-16 byte order mark pass for one.
 */
function isMpegAudio(bytes: Bytes, totalSize: number): boolean {
  const length = mpegFrameLength(bytes, 0);
  return length !== null && (length === totalSize || mpegFrameLength(bytes, length) !== null);
}

// Control characters (C0, DEL and C1) other than tab, line feed, form feed and carriage return.
const CONTROL = /(?![\t\n\f\r])\p{Cc}/u;

/**
 * UTF-8 (with or without a byte order mark) free of control characters. A head shorter than the
 * file may end inside a character; a script ("#!") is refused.
 */
function isPlainText(head: Uint8Array, totalSize: number): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: head.length < totalSize });
  } catch {
    return false;
  }
  return !text.startsWith('#!') && !CONTROL.test(text);
}
