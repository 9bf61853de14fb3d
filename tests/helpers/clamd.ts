import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createClamdScanner } from '@/lib/platform/scanning';

const CLAMD = '/usr/sbin/clamd';
const START_DEADLINE_MS = 30_000;

/**
 * The EICAR anti-virus test string, put together here so that this file does not itself carry
 * it (scanners on developer machines would flag the repository).
 */
export const EICAR = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-', 'ANTIVIRUS-TEST-FILE!$H+H*'].join('');

export interface RunningClamd {
  socket: string;
  stop(): Promise<void>;
}

/**
 * A clamd of its own for a test file: a temporary folder with its configuration, a unix socket
 * and a one-signature database that finds EICAR anywhere in a stream (no real signatures exist on
 * test machines), running in the foreground until `stop()`.
 */
export async function startClamd(options: { streamMaxLength?: string } = {}): Promise<RunningClamd> {
  await fs.access(CLAMD, fs.constants.X_OK).catch(() => {
    throw new Error(`${CLAMD} not found: install clamav-daemon (apt-get install clamav-daemon) to run the virus-scanning tests.`);
  });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hearth-clamd-'));
  const socket = path.join(dir, 'clamd.sock');
  await fs.writeFile(path.join(dir, 'eicar.ndb'), `Hearth.Test.EICAR:0:*:${Buffer.from(EICAR).toString('hex')}\n`);
  // No LogFile, TCPSocket or User: messages go to the output kept below, connections come through
  // the socket only, and clamd runs as whoever runs the tests (root in CI containers).
  await fs.writeFile(
    path.join(dir, 'clamd.conf'),
    [
      'Foreground yes',
      `LocalSocket ${socket}`,
      `DatabaseDirectory ${dir}`,
      `StreamMaxLength ${options.streamMaxLength ?? '10M'}`,
      'Bytecode no',
      '',
    ].join('\n'),
  );

  const child = spawn(CLAMD, ['--config-file', path.join(dir, 'clamd.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));

  const stop = async () => {
    if (running) {
      child.kill('SIGTERM');
      const killed = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killed);
    }
    await fs.rm(dir, { recursive: true, force: true });
  };

  const scanner = createClamdScanner({ socket }, { timeoutMs: 1000 });
  const deadline = Date.now() + START_DEADLINE_MS;
  for (let wait = 20; ; wait = Math.min(wait * 2, 500)) {
    if (await scanner.ping()) return { socket, stop };
    if (!running || Date.now() > deadline) {
      await stop();
      throw new Error(`clamd did not answer PING (${running ? 'timed out' : 'it exited'}):\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
