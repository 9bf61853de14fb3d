// A throwaway clamd for e2e runs and benchmarks, as tests/helpers/clamd.ts starts for tests:
// its own temporary folder, a unix socket and a one-signature database that finds the EICAR test
// string. Prints "clamd ready <socket>" once clamd answers PING (give that to the server as
// CLAMD_SOCKET); SIGTERM or SIGINT stops clamd and removes the folder.
//   node scripts/clamd-dev.mjs [--stream-max-length 10M]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const CLAMD = '/usr/sbin/clamd';
const START_DEADLINE_MS = 30_000;
// Put together here so that this file does not itself carry the test string.
const EICAR = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-', 'ANTIVIRUS-TEST-FILE!$H+H*'].join('');

const { values } = parseArgs({ options: { 'stream-max-length': { type: 'string', default: '10M' } } });

if (!fs.existsSync(CLAMD)) {
  console.error(`${CLAMD} not found: install clamav-daemon (apt-get install clamav-daemon).`);
  process.exit(1);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-clamd-'));
const socket = path.join(dir, 'clamd.sock');
const config = path.join(dir, 'clamd.conf');
fs.writeFileSync(path.join(dir, 'eicar.ndb'), `Hearth.Test.EICAR:0:*:${Buffer.from(EICAR).toString('hex')}\n`);
// No LogFile, TCPSocket or User: clamd's messages are kept below, it listens on the socket only
// and runs as whoever started this script.
fs.writeFileSync(
  config,
  ['Foreground yes', `LocalSocket ${socket}`, `DatabaseDirectory ${dir}`, `StreamMaxLength ${values['stream-max-length']}`, 'Bytecode no', ''].join('\n'),
);

const clamd = spawn(CLAMD, ['--config-file', config], { stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
const keep = (chunk) => (output = (output + chunk.toString()).slice(-2000));
clamd.stdout.on('data', keep);
clamd.stderr.on('data', keep);
const exited = new Promise((resolve) => clamd.once('exit', resolve));
let stopping = false;

async function stop(code, message) {
  if (stopping) return;
  stopping = true;
  if (message) console.error(message);
  if (clamd.exitCode === null && clamd.signalCode === null) {
    clamd.kill('SIGTERM');
    const killed = setTimeout(() => clamd.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killed);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(code);
}

process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
void exited.then(() => stop(1, `clamd exited:\n${output}`));

/** True when clamd answers PING with PONG. */
function ping() {
  return new Promise((resolve) => {
    const connection = net.createConnection({ path: socket });
    let reply = '';
    const done = (ok) => {
      connection.destroy();
      resolve(ok);
    };
    connection.setTimeout(1000, () => done(false));
    connection.on('connect', () => connection.write('zPING\0'));
    connection.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\0')) done(reply.startsWith('PONG\0'));
    });
    connection.on('error', () => done(false));
    connection.on('close', () => done(false));
  });
}

const deadline = Date.now() + START_DEADLINE_MS;
for (let wait = 20; !(await ping()); wait = Math.min(wait * 2, 500)) {
  if (stopping) break;
  if (Date.now() > deadline) await stop(1, `clamd did not answer PING within ${START_DEADLINE_MS / 1000} s:\n${output}`);
  await new Promise((resolve) => setTimeout(resolve, wait));
}
if (!stopping) console.log(`clamd ready ${socket}`);
