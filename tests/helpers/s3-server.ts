import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { S3Config } from '@/lib/platform/storage';

// s3rver ships no types: the little of it used here, typed by hand.
interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  configureBuckets: { name: string }[];
}) => S3rverInstance;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

export interface TestS3Server {
  endpoint: string;
  bucket: string;
  config: S3Config;
  stop(): Promise<void>;
}

/**
 * s3rver (a local S3-compatible server) in this process, on a free port of 127.0.0.1, keeping
 * its objects in a fresh temporary folder, with a fresh bucket. `stop` removes both.
 * A listing longer than one page (1,000 keys) fails here with a 500: s3rver encrypts its
 * continuation token with DES, which Node's OpenSSL 3 offers only under --openssl-legacy-provider;
 * scripts/s3-dev-server.mjs runs with it.
 */
export async function startS3Server(): Promise<TestS3Server> {
  const directory = await fsp.mkdtemp(path.join(os.tmpdir(), 'hearth-s3-'));
  const bucket = `hearth-${randomBytes(4).toString('hex')}`;
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    // s3rver accepts exactly this key pair.
    config: { bucket, endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } },
    async stop() {
      await server.close();
      await fsp.rm(directory, { recursive: true, force: true });
    },
  };
}
