// A local S3-compatible server (s3rver) for the end-to-end suite, benchmarks and development:
//
//   node --openssl-legacy-provider scripts/s3-dev-server.mjs [--port 4569] [--dir ./.data/s3] [--bucket hearth] [--host 127.0.0.1]
//
// or S3_DEV_PORT, S3_DEV_DIR, S3_BUCKET, S3_DEV_HOST. Port 0 (the default) takes a free port.
// Without a folder the objects go to a temporary one, removed at exit. Once listening it prints
// exactly one line, `S3 ready <endpoint> <bucket>`, for whoever started it to wait for; point
// Hearth at it with S3_ENDPOINT=<endpoint> S3_BUCKET=<bucket> S3_FORCE_PATH_STYLE=true
// S3_ACCESS_KEY_ID=S3RVER S3_SECRET_ACCESS_KEY=S3RVER. SIGINT or SIGTERM stops it.
//
// The flag is required: s3rver encrypts the continuation token of a listing longer than one page
// (1,000 keys) with DES, which Node's OpenSSL 3 offers only with it; without it such a listing
// fails with a 500.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import S3rver from 's3rver';

if (!crypto.getCiphers().includes('des')) {
  console.error('Start with `node --openssl-legacy-provider scripts/s3-dev-server.mjs`: s3rver pages listings with DES.');
  process.exit(1);
}

const { values } = parseArgs({
  options: { port: { type: 'string' }, dir: { type: 'string' }, bucket: { type: 'string' }, host: { type: 'string' } },
});
const host = values.host ?? process.env.S3_DEV_HOST ?? '127.0.0.1';
const port = Number(values.port ?? process.env.S3_DEV_PORT ?? 0);
const bucket = values.bucket ?? process.env.S3_BUCKET ?? 'hearth';
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Not a port: ${values.port ?? process.env.S3_DEV_PORT}`);

const chosenDir = values.dir ?? process.env.S3_DEV_DIR;
const directory = chosenDir ? path.resolve(chosenDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-s3-'));
fs.mkdirSync(directory, { recursive: true, mode: 0o700 });

const server = new S3rver({ address: host, port, directory, silent: true, configureBuckets: [{ name: bucket }] });
const address = await server.run();
const endpointHost = host.includes(':') ? `[${host}]` : host;
console.log(`S3 ready http://${endpointHost}:${address.port} ${bucket}`);

// Exits without waiting for open connections: a client keeping one alive must not hold up a stop.
function stop() {
  if (!chosenDir) fs.rmSync(directory, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
