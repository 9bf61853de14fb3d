import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { logError } from '../log';
import { byteChunks, holdErrorsUntilRead, checkKey, checkPrefix, checkRange, ObjectNotFoundError, type ObjectStore } from './store';

export interface S3Config {
  bucket: string;
  /** Default 'us-east-1'. */
  region?: string;
  /** For S3-compatible services; unset for AWS. */
  endpoint?: string;
  /** Bucket in the path rather than the host name (most S3-compatible servers). */
  forcePathStyle?: boolean;
  /** Unset: the SDK's default credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Folder inside the bucket, ending in '/' ('' or unset for the bucket's root). */
  prefix?: string;
}

// S3's smallest part; with two parts in flight at most ~15 MiB of a file is held in memory at once (the SDK allocates
// a fresh buffer per part, so the process's footprint runs higher until they are collected: bench/files.mjs).
const PART_SIZE = 5 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;

/**
 * Objects in an S3 bucket. A put goes up in parts (or as one PutObject when it fits in one), and
 * S3 shows the object only once the upload completes; a failed or aborted upload is aborted, so
 * its parts are dropped too.
 */
export function createS3Store(config: S3Config): ObjectStore {
  const prefix = config.prefix ?? '';
  if (prefix && !prefix.endsWith('/')) throw new Error(`The S3 prefix "${prefix}" must end in '/'.`);
  const bucket = config.bucket;
  const client = new S3Client({
    region: config.region ?? 'us-east-1',
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle ?? false,
    credentials: config.credentials,
  });
  const objectKey = (key: string) => prefix + checkKey(key);
  const status = (error: unknown) => (error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined);

  return {
    kind: 's3',

    async put(key, body, options = {}) {
      holdErrorsUntilRead(body);
      const Key = objectKey(key);
      let bytes = 0;
      async function* counted() {
        for await (const chunk of byteChunks(body, options.signal)) {
          bytes += chunk.byteLength;
          yield chunk;
        }
      }
      // The caller's signal reaches the upload by destroying the body: Upload's own abortController
      // would settle before in-flight requests do, so a PutObject could still land afterwards.
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key, Body: Readable.from(counted(), { objectMode: false }) },
        partSize: PART_SIZE,
        queueSize: PARTS_IN_FLIGHT,
        // Aborted below instead, so that a failing abort neither hides why the put failed nor goes unnoticed.
        leavePartsOnError: true,
      });
      try {
        await upload.done();
      } catch (error) {
        body.destroy();
        if (upload.uploadId) {
          await client
            .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key, UploadId: upload.uploadId }))
            .catch((abortError: unknown) => logError('S3 multipart upload left behind (the bucket lifecycle rule removes it)', abortError));
        }
        throw error;
      }
      return bytes;
    },

    async get(key, range) {
      const Key = objectKey(key);
      checkRange(range);
      try {
        const { Body } = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key, Range: range ? `bytes=${range.start}-${range.end ?? ''}` : undefined }),
        );
        // In Node the SDK's body is an http.IncomingMessage, a Readable.
        return Body as Readable;
      } catch (error) {
        // A missing bucket is a configuration error, not a missing object.
        if (status(error) === 404 && (error as Error).name !== 'NoSuchBucket') {
          throw new ObjectNotFoundError(`No object under "${key}".`, { cause: error });
        }
        if (status(error) === 416) throw new RangeError(`Range starts at ${range?.start}, past the end of the object.`, { cause: error });
        throw error;
      }
    },

    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
    },

    async *list(keyPrefix) {
      checkPrefix(keyPrefix);
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix + keyPrefix, ContinuationToken }));
        for (const { Key, LastModified } of page.Contents ?? []) {
          if (Key && LastModified) yield { key: Key.slice(prefix.length), modifiedAt: LastModified };
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },
  };
}
