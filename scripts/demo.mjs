// npm run demo: migrate and seed the embedded database, build when the sources changed, start.
// Honours PORT (default 3000) and DATA_DIR (default ./.data). Always uses the embedded database.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildIsStale } from './build-state.mjs';

const root = path.resolve(import.meta.dirname, '..');
const port = process.env.PORT || '3000';
const childEnv = {
  ...process.env,
  DATA_DIR: path.resolve(process.env.DATA_DIR || path.join(root, '.data')),
  NEXT_TELEMETRY_DISABLED: '1',
  AUTH_TRUST_HOST: 'true',
};
// Links in e-mail are built from the configured public address only, never from a request.
childEnv.APP_URL ||= `http://localhost:${port}`;
const mailbox = childEnv.SMTP_URL ? null : path.resolve(childEnv.MAILBOX_DIR || path.join(childEnv.DATA_DIR, 'mailbox'));
if (childEnv.DATABASE_URL) {
  console.log('npm run demo always uses the embedded database; DATABASE_URL is ignored here.');
  delete childEnv.DATABASE_URL;
}

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
function run(command, args, env = childEnv) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(bin('tsx'), ['scripts/seed-demo.ts']);

if (buildIsStale(root)) {
  console.log('Building Hearth (first run or sources changed)…');
  run(bin('next'), ['build'], { ...childEnv, NODE_ENV: 'production' });
}

const server = spawn(bin('next'), ['start', '-p', port], { cwd: root, env: { ...childEnv, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'inherit'] });
let announced = false;
server.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (!announced && /Ready|started server|Local:/i.test(String(chunk))) {
    announced = true;
    console.log(`
Hearth is running at http://localhost:${port}

Demo accounts (password: hearth-demo, two-step sign-in off):
  Willow Grove Counselling   admin@demo.test, therapist@demo.test, therapist2@demo.test,
                             client@demo.test, client3@demo.test, client4@demo.test (clients of therapist@),
                             client2@demo.test, client5@demo.test (clients of therapist2@);
                             recording requests in every state between them
  Harbor Light Therapy       admin@harbor.test, therapist@harbor.test, client@harbor.test

Data is kept in ${childEnv.DATA_DIR}.${mailbox ? `
E-mail (invitations, password resets) is written to ${mailbox}, one file per message.` : ''}
Press Ctrl+C to stop.
`);
  }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
