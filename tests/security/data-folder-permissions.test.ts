import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPglite } from '@/db/client';

// Attack: another local account reads the embedded database (health information, password
// hashes) or rewrites it, because the data folder and PGlite's files were world-readable.
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? [full, ...filesUnder(full)] : [full];
  });
}

const permissionsOf = (file: string) => fs.statSync(file).mode & 0o777;

describe('the embedded database folder', () => {
  const made: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-perms-'));
    made.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is created so that no other account can enter it or read a file in it', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const handle = await openPglite({ dataDir });
    await handle.close();
    expect(permissionsOf(dataDir)).toBe(0o700);
    const loose = filesUnder(dataDir).filter((file) => permissionsOf(file) & 0o077);
    expect(loose).toEqual([]);
  });

  it('tightens a folder that an older version left open to everyone', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const first = await openPglite({ dataDir });
    await first.close();
    // As an older Hearth left it: everything readable and writable by all.
    for (const file of [dataDir, ...filesUnder(dataDir)]) fs.chmodSync(file, fs.statSync(file).isDirectory() ? 0o777 : 0o666);
    expect(permissionsOf(path.join(dataDir, 'pglite'))).toBe(0o777);

    const again = await openPglite({ dataDir });
    await again.close();
    expect(permissionsOf(dataDir)).toBe(0o700);
    const loose = filesUnder(dataDir).filter((file) => permissionsOf(file) & 0o077);
    expect(loose).toEqual([]);
  });
});
