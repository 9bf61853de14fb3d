import net from 'node:net';
import type { Readable } from 'node:stream';
import { logError } from '../log';

/**
 * What a scan found. Only clamd's own "OK" for a stream it received in full is 'clean'; a file
 * over clamd's StreamMaxLength, a broken connection or a timeout is 'not_scannable', never clean.
 */
export type ScanVerdict =
  | { verdict: 'clean' }
  | { verdict: 'infected'; signature: string }
  | { verdict: 'not_scannable'; reason: 'too_large' | 'error' };

export interface Scanner {
  /**
   * Streams `content` to the scanner. The stream is read with backpressure and destroyed when the
   * scan ends before it does. An aborted `signal` rejects with its reason.
   */
  scan(content: Readable, signal?: AbortSignal): Promise<ScanVerdict>;
}

export interface ClamdScanner extends Scanner {
  /** True when clamd answers PING with PONG: for health and readiness checks. Never rejects. */
  ping(): Promise<boolean>;
}

export type ClamdTarget = { socket: string } | { host: string; port: number };

/** How long the connection may stay silent: connecting, waiting to send more, waiting for the verdict. */
const DEFAULT_TIMEOUT_MS = 60_000;
/** Frames stay small whatever size of chunk the source produces (clamd's lengths are 32-bit). */
const MAX_FRAME = 64 * 1024;
/** clamd's replies are one short line; anything longer is not clamd. */
const MAX_REPLY = 4096;
const END_OF_STREAM = Buffer.alloc(4);
const NOT_SCANNABLE: ScanVerdict = { verdict: 'not_scannable', reason: 'error' };
const TOO_LARGE: ScanVerdict = { verdict: 'not_scannable', reason: 'too_large' };

/** Failures are logged by name only (logError never prints messages), so the name says what happened. */
class ClamdFailure extends Error {
  constructor(readonly name: 'ClamdTimeout' | 'ClamdClosed' | 'ClamdReply') {
    super(name);
  }
}

/**
 * A scanner speaking clamd's INSTREAM protocol. Mind clamd's own limits: a stream within
 * StreamMaxLength but over MaxFileSize or MaxScanSize is answered "OK" without being fully
 * scanned unless AlertExceedsMax is on, so keep StreamMaxLength at or below both.
 */
export function createClamdScanner(target: ClamdTarget, options: { timeoutMs?: number } = {}): ClamdScanner {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const connect = () => {
    const socket = 'socket' in target ? net.createConnection({ path: target.socket }) : net.createConnection({ host: target.host, port: target.port });
    socket.setTimeout(timeoutMs);
    return socket;
  };

  const ping = () =>
    new Promise<boolean>((resolve) => {
      const socket = connect();
      let reply = '';
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.on('connect', () => socket.write('zPING\0'));
      socket.on('data', (chunk) => {
        reply += chunk.toString('latin1');
        if (reply.includes('\0') || reply.length > MAX_REPLY) done(reply.startsWith('PONG\0'));
      });
      socket.on('timeout', () => done(false));
      socket.on('error', () => done(false));
      socket.on('close', () => done(false));
    });

  return {
    ping,

    scan(content, signal) {
      return new Promise<ScanVerdict>((resolve, reject) => {
        const socket = connect();
        let reply = Buffer.alloc(0);
        let sending = false;
        let streamSent = false;
        let finished = false;

        const onData = (chunk: Buffer | string | Uint8Array) => {
          const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
          let flowing = true;
          sending = true;
          socket.cork();
          // An empty chunk would be a zero-length frame, which tells clamd the stream has ended.
          for (let at = 0; at < bytes.length; at += MAX_FRAME) {
            const frame = bytes.subarray(at, at + MAX_FRAME);
            const length = Buffer.alloc(4);
            length.writeUInt32BE(frame.length);
            socket.write(length);
            flowing = socket.write(frame);
          }
          socket.uncork();
          if (!flowing) content.pause();
        };
        const onDrain = () => content.resume();
        const onEnd = () => {
          streamSent = true;
          socket.write(END_OF_STREAM);
        };
        const onSourceError = (error: unknown) => fail(error);
        const onAbort = () => finish(() => reject(signal!.reason));

        function finish(settle: () => void) {
          if (finished) return;
          finished = true;
          content.off('data', onData).off('end', onEnd).off('error', onSourceError);
          signal?.removeEventListener('abort', onAbort);
          socket.destroy();
          if (!content.readableEnded) content.destroy();
          settle();
        }
        function fail(cause: unknown) {
          finish(() => {
            logError('clamd scan', cause);
            resolve(NOT_SCANNABLE);
          });
        }
        // clamd answers a stream over its StreamMaxLength and closes. On a busy machine a write often meets the closed
        // socket before that answer has been read, and the socket is destroyed with it unread. If clamd still answers
        // PING, it stopped reading on purpose: the stream was refused for its size (its other refusals, such as a
        // full disk, are as rare as they are safe to report so: never clean). If not, clamd itself broke off.
        function brokenOff(cause: NodeJS.ErrnoException) {
          finish(() => {
            void ping().then((alive) => {
              if (!alive) logError('clamd scan', cause);
              resolve(alive ? TOO_LARGE : NOT_SCANNABLE);
            });
          });
        }
        function conclude(text: string) {
          const verdict = verdictFrom(text, streamSent);
          if (verdict) finish(() => resolve(verdict));
          else fail(new ClamdFailure('ClamdReply'));
        }

        content.once('error', onSourceError);
        socket.on('connect', () => {
          socket.write('zINSTREAM\0');
          socket.on('drain', onDrain);
          content.on('data', onData).once('end', onEnd);
        });
        socket.on('data', (chunk: Buffer) => {
          reply = Buffer.concat([reply, chunk]);
          const end = reply.indexOf(0);
          if (end >= 0) conclude(reply.subarray(0, end).toString('utf8'));
          else if (reply.length > MAX_REPLY) fail(new ClamdFailure('ClamdReply'));
        });
        socket.on('timeout', () => fail(new ClamdFailure('ClamdTimeout')));
        // clamd answers an oversized stream and closes while we may still be writing: its answer decides when it
        // has been read before the write error or the close, and brokenOff when it was lost with the socket.
        socket.on('error', (error: NodeJS.ErrnoException) => {
          if (reply.length) conclude(reply.toString('utf8'));
          else if (sending && (error.code === 'EPIPE' || error.code === 'ECONNRESET')) brokenOff(error);
          else fail(error);
        });
        socket.on('close', () => (reply.length ? conclude(reply.toString('utf8')) : fail(new ClamdFailure('ClamdClosed'))));
        if (signal?.aborted) onAbort();
        else signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}

/** The verdict in a reply to INSTREAM, or null for anything else (an error clamd reports included). */
function verdictFrom(reply: string, streamSent: boolean): ScanVerdict | null {
  const text = reply.trim();
  // "OK" is only believable for a stream that clamd has received to its end.
  if (text === 'stream: OK') return streamSent ? { verdict: 'clean' } : null;
  const found = /^stream: (.+) FOUND$/.exec(text);
  if (found) return { verdict: 'infected', signature: found[1] };
  if (text === 'INSTREAM size limit exceeded. ERROR') return TOO_LARGE;
  return null;
}
