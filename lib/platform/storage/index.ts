import path from 'node:path';
import { env } from '../config';
import { createLocalStore } from './local';
import { createS3Store } from './s3';
import type { ObjectStore } from './store';

export { createLocalStore } from './local';
export { createS3Store, type S3Config } from './s3';
export { ObjectNotFoundError, type ObjectStore } from './store';

// On globalThis, like the database handle, so a development reload does not make a second one.
const holder = globalThis as unknown as { hearthObjectStore?: ObjectStore };

/** The process's store: the S3 bucket when S3_BUCKET is set, else `$DATA_DIR/objects`. */
export function objectStore(): ObjectStore {
  return (holder.hearthObjectStore ??= env.s3Bucket
    ? createS3Store({
        bucket: env.s3Bucket,
        region: env.s3Region,
        endpoint: env.s3Endpoint,
        forcePathStyle: env.s3ForcePathStyle,
        credentials: env.s3Credentials,
        prefix: env.s3Prefix,
      })
    : createLocalStore(path.join(env.dataDir, 'objects')));
}

/** Points `objectStore()` at a test's own store; undefined goes back to the configured one. */
export function setObjectStoreForTests(store: ObjectStore | undefined) {
  holder.hearthObjectStore = store;
}
