// Whether the production build in .next is missing or older than the sources it was built from.
// Shared by the demo, the e2e server and the benchmark, so they agree on when to rebuild.
import fs from 'node:fs';
import path from 'node:path';

const SOURCES = ['app', 'lib', 'db', 'public', 'proxy.ts', 'instrumentation.ts', 'next.config.ts', 'package-lock.json', 'postcss.config.mjs', 'tsconfig.json'];

function newestChange(root) {
  let newest = 0;
  const visit = (entry) => {
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const child of fs.readdirSync(entry)) visit(path.join(entry, child));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const entry of SOURCES) visit(path.join(root, entry));
  return newest;
}

export function buildIsStale(root) {
  const built = fs.statSync(path.join(root, '.next', 'BUILD_ID'), { throwIfNoEntry: false });
  return !built || built.mtimeMs < newestChange(root);
}
