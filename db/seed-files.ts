// The demo's shared files: a worksheet (PDF), a photo of a drawing (PNG), a note (text) and short session recordings
// (WAV), made here so the demo needs nothing downloaded, and stored through the same steps as an upload.
import { deflateSync } from 'node:zlib';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import type { Db } from './client';
import { storeFile } from '../lib/files/store-file';
import type { FileKind } from '../lib/files/model';
import type { Actor } from '@/lib/platform/actor';
import type { RequestContext } from '@/lib/platform/http';

/** A one-page "thought record" worksheet. */
export async function worksheetPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle('Thought record');
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  page.drawText('Thought record', { x: 56, y: 770, size: 22, font: bold, color: rgb(0.2, 0.25, 0.3) });
  const rows = ['Situation: where were you, what happened?', 'Automatic thought: what went through your mind?', 'Feelings (0-100):', 'Evidence for the thought:', 'Evidence against it:', 'A more balanced thought:', 'Feelings now (0-100):'];
  rows.forEach((row, index) => {
    const y = 710 - index * 90;
    page.drawText(row, { x: 56, y, size: 12, font });
    page.drawLine({ start: { x: 56, y: y - 40 }, end: { x: 539, y: y - 40 }, thickness: 0.5, color: rgb(0.7, 0.7, 0.7) });
  });
  return Buffer.from(await doc.save());
}

/** A small PNG: soft horizontal bands, like a photographed drawing of a calm place. */
export function drawingPng(width = 240, height = 160): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // no filter
    for (let x = 0; x < width; x++) {
      const wave = Math.sin((x / width) * Math.PI * 2 + y / 18) * 12;
      const sky = y < height * 0.55;
      raw[row + 1 + x * 3] = sky ? 150 + wave : 90 + wave;
      raw[row + 2 + x * 3] = sky ? 190 + wave : 140 + wave;
      raw[row + 3 + x * 3] = sky ? 225 : 110 + wave;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** A few seconds of quiet tones (16-bit mono WAV), standing in for a session recording. */
export function recordingWav(seconds = 8, sampleRate = 8000): Buffer {
  const samples = seconds * sampleRate;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    const t = i / sampleRate;
    const fade = Math.min(1, t * 2, (seconds - t) * 2);
    const value = (Math.sin(2 * Math.PI * 220 * t) * 0.5 + Math.sin(2 * Math.PI * 330 * t) * 0.3) * fade * 4000;
    data.writeInt16LE(Math.round(value), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

export interface DemoFile {
  by: Actor;
  kind: FileKind;
  fileName: string;
  note?: string;
  content: Buffer;
  appointmentId?: string;
  at: Date;
}

/** Stores one demo file in the space of this care relationship, failing loudly if it is refused. */
export async function storeDemoFile(db: Db, spaceId: string, file: DemoFile, context: RequestContext): Promise<string> {
  const result = await storeFile(
    db,
    file.by,
    { spaceId, kind: file.kind, fileName: file.fileName, note: file.note ?? null, appointmentId: file.appointmentId ?? null },
    file.content,
    context,
    file.at,
  );
  if (result.status !== 'stored') throw new Error(`the demo file ${file.fileName} was refused: ${JSON.stringify(result)}`);
  return result.fileId;
}
