import { randomUUID } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { ensurePrivateDir } from '../private-files';
import { byteChunks, holdErrorsUntilRead, checkKey, checkPrefix, checkRange, ObjectNotFoundError, type ObjectStore } from './store';

// Unfinished writes. Keys cannot start with '.', so no key can reach or shadow this folder.
const INCOMING = '.incoming';

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * Objects as files under `root` (0700 folders, 0600 files), one file per key, the key's
 * segments as folders. A put writes into `.incoming` on the same file system, fsyncs and renames
 * into place, so a reader sees the old object, none, or the whole new one. A key cannot also be
 * the folder of other keys here (`a` beside `a/b`), unlike in S3; keys built as
 * `files/<id>/<n>` never are.
 */
export function createLocalStore(root: string): ObjectStore {
  const base = path.resolve(root);
  const incoming = path.join(base, INCOMING);
  ensurePrivateDir(base);
  ensurePrivateDir(incoming);
  const fileOf = (key: string) => path.join(base, ...checkKey(key).split('/'));

  async function moveIntoPlace(temp: string, target: string) {
    const dir = path.dirname(target);
    for (let attempt = 1; ; attempt++) {
      await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
      try {
        await fsp.rename(temp, target);
        break;
      } catch (error) {
        // A delete of the folder's last object may remove the folder between mkdir and rename.
        if (errorCode(error) !== 'ENOENT' || attempt === 3) throw error;
      }
    }
    // The rename itself must survive a crash too.
    await syncDir(dir);
  }

  // Empty folders of deleted objects would otherwise pile up, one per file.
  async function pruneEmptyFolders(dir: string) {
    for (let current = dir; current !== base && current.startsWith(base + path.sep); current = path.dirname(current)) {
      try {
        await fsp.rmdir(current);
      } catch {
        return; // not empty (or gone already): the folders above are not empty either
      }
    }
  }

  async function* walk(dir: string, prefix: string): AsyncGenerator<{ key: string; modifiedAt: Date }> {
    let entries;
    try {
      entries = await fsp.readdir(path.join(base, dir), { withFileTypes: true });
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return;
      throw error;
    }
    for (const entry of entries) {
      const key = dir + entry.name;
      if (key === INCOMING) continue;
      if (entry.isDirectory()) {
        if (`${key}/`.startsWith(prefix)) yield* walk(`${key}/`, prefix);
      } else if (entry.isFile() && key.startsWith(prefix)) {
        try {
          const { mtime } = await fsp.stat(path.join(base, key));
          yield { key, modifiedAt: mtime };
        } catch (error) {
          if (errorCode(error) !== 'ENOENT') throw error; // deleted while we walked
        }
      }
    }
  }

  return {
    kind: 'local',

    async put(key, body, options = {}) {
      holdErrorsUntilRead(body);
      const target = fileOf(key);
      const temp = path.join(incoming, randomUUID());
      let bytes = 0;
      try {
        const file = await fsp.open(temp, 'wx', 0o600);
        try {
          for await (const chunk of byteChunks(body, options.signal)) {
            for (let offset = 0; offset < chunk.byteLength; ) offset += (await file.write(chunk, offset)).bytesWritten;
            bytes += chunk.byteLength;
          }
          await file.sync();
        } finally {
          await file.close();
        }
        await moveIntoPlace(temp, target);
      } catch (error) {
        await fsp.rm(temp, { force: true });
        throw error;
      }
      return bytes;
    },

    async get(key, range) {
      const file = fileOf(key);
      checkRange(range);
      let handle;
      try {
        handle = await fsp.open(file, 'r');
      } catch (error) {
        if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') throw new ObjectNotFoundError(`No object under "${key}".`);
        throw error;
      }
      try {
        const stats = await handle.stat();
        // A folder of other keys is no object (as in S3).
        if (!stats.isFile()) throw new ObjectNotFoundError(`No object under "${key}".`);
        if (range && range.start >= stats.size) throw new RangeError(`Range starts at ${range.start}, past the object's ${stats.size} bytes.`);
        // The stream closes the handle when it ends or is destroyed.
        return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
      } catch (error) {
        await handle.close();
        throw error;
      }
    },

    async delete(key) {
      const file = fileOf(key);
      try {
        await fsp.unlink(file);
      } catch (error) {
        if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return;
        throw error;
      }
      await pruneEmptyFolders(path.dirname(file));
    },

    async *list(prefix) {
      checkPrefix(prefix);
      // Walk only the folder the prefix ends in; names inside it are filtered by the rest.
      yield* walk(prefix.slice(0, prefix.lastIndexOf('/') + 1), prefix);
    },

    async sweepIncoming(olderThan) {
      let removed = 0;
      for (const name of await fsp.readdir(incoming)) {
        const temp = path.join(incoming, name);
        try {
          if ((await fsp.stat(temp)).mtime < olderThan) {
            await fsp.rm(temp, { force: true });
            removed++;
          }
        } catch (error) {
          if (errorCode(error) !== 'ENOENT') throw error; // finished and renamed meanwhile
        }
      }
      return removed;
    },
  };
}

async function syncDir(dir: string) {
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
