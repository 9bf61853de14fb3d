// Checks every audit hash chain; exits 1 and names the first broken row of each broken chain.
import { openFromEnvironment } from '../db/client';
import { verifyAllChains } from '../lib/audit/verify';

const handle = await openFromEnvironment();
try {
  const reports = await verifyAllChains(handle.db);
  let broken = 0;
  for (const { chain, verdict } of reports) {
    if (verdict.ok) {
      console.log(`ok      chain ${chain}: ${verdict.rows} rows`);
    } else {
      broken++;
      console.log(`BROKEN  chain ${chain}: first broken row id ${verdict.brokenId} (${verdict.reason}); ${verdict.rows} rows before it are intact`);
    }
  }
  console.log(broken ? `${broken} of ${reports.length} chains are broken.` : `All ${reports.length} chains verified.`);
  process.exitCode = broken ? 1 : 0;
} finally {
  await handle.close();
}
