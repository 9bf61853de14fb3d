// Checks every audit hash chain; exits 1 and names the first broken row of each broken chain.
// Links rows still waiting for their place first, unless --no-link (for a role that may only read);
// rows appended since are counted as not yet linked, which is not tampering.
// Exit status: 0 every chain is intact, 1 a chain is broken, 2 the check could not run (so a
// monitoring job can tell a locked or unreachable database from tampering).
import { openFromEnvironment } from '../db/client';
import { verifyAllChains } from '@/lib/platform/audit/verify';

async function main(): Promise<number> {
  const handle = await openFromEnvironment();
  try {
    const reports = await verifyAllChains(handle.db, { link: !process.argv.includes('--no-link') });
    let broken = 0;
    let unlinked = 0;
    for (const { chain, verdict, unlinked: waiting } of reports) {
      unlinked += waiting;
      const notLinked = waiting ? `; ${waiting} not yet linked` : '';
      if (verdict.ok) {
        console.log(`ok      chain ${chain}: ${verdict.rows} rows${notLinked}`);
      } else {
        broken++;
        console.log(
          `BROKEN  chain ${chain}: first broken row id ${verdict.brokenId} (${verdict.reason}); ${verdict.rows} rows before it are intact${notLinked}`,
        );
      }
    }
    console.log(broken ? `${broken} of ${reports.length} chains are broken.` : `All ${reports.length} chains verified.`);
    if (unlinked) console.log(`${unlinked} rows are not linked yet, so not checked: they are once the linker has given them their place.`);
    return broken ? 1 : 0;
  } finally {
    await handle.close();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`audit:verify could not check the audit trail: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
