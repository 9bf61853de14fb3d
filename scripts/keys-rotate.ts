// npm run keys:rotate: moves every file's and client's data key under the current master key, without touching any
// content.
//
// On the embedded database (demo, development) it first makes a new master key in the data folder. With keys from
// the environment, the operator sets the new HEARTH_MASTER_KEY and lists the old one in HEARTH_MASTER_KEYS_RETIRED
// first (both must be set for this run and for every server until it has finished). Each batch commits on its own, so
// an interrupted run is resumed by running it again; every file stays readable throughout.
import { openFromEnvironment } from '../db/client';
import { rewrapBatch } from '@/lib/files/commands';
import { env } from '@/lib/platform/config';
import { rewrapClientKeys } from '@/lib/platform/crypto/client-keys';
import { currentMasterKeyId, rotateMasterKey } from '@/lib/platform/crypto/keyring';

async function main(): Promise<number> {
  const resuming = process.argv.includes('--resume');
  if (!process.env.HEARTH_MASTER_KEY && !env.databaseUrl && !resuming) {
    const { previous, current } = rotateMasterKey();
    console.log(`New master key ${current} (the previous one, ${previous}, is kept so nothing becomes unreadable).`);
  }
  const handle = await openFromEnvironment();
  try {
    let total = 0;
    const batch = async () => (await rewrapBatch(handle.db)) + (await rewrapClientKeys(handle.db));
    for (let moved = await batch(); moved > 0; moved = await batch()) {
      total += moved;
      console.log(`rewrapped ${total} so far…`);
    }
    console.log(`Done: ${total} data keys are now under master key ${currentMasterKeyId()}.`);
    return 0;
  } finally {
    await handle.close();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`keys:rotate stopped: ${error instanceof Error ? error.message : String(error)}. Run it again to resume.`);
  process.exitCode = 1;
}
