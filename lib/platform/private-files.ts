import fs from 'node:fs';
import path from 'node:path';

/**
 * The data folder holds the embedded database (health information, password hashes) and keys:
 * only the account running Hearth may enter it. Creates the folder 0700, or tightens one that
 * exists; PGlite and older versions wrote files readable by everyone, so `tightenContents`
 * also takes group and other permissions off everything already inside.
 */
export function ensurePrivateDir(dir: string, options: { tightenContents?: boolean } = {}) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  if (options.tightenContents) tighten(dir);
}

function tighten(dir: string) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) {
      fs.chmodSync(full, 0o700);
      tighten(full);
    } else {
      const mode = fs.statSync(full).mode & 0o777;
      if (mode & 0o077) fs.chmodSync(full, mode & 0o700);
    }
  }
}
