import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth/guards';
import { ScanningStatusView } from '@/lib/files/components/scanning-status-view';
import { getScanningStatus } from '@/lib/files/data';
import { getPracticeOverview } from '@/lib/practice/data';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Practice overview' };

export default async function AdminHome() {
  const user = await requireUser('admin:use');
  const overview = await getPracticeOverview();
  const { scanning } = await getScanningStatus();
  return (
    <>
      <PageHeading title={user.practiceName} intro="Practice administration." />
      <div className="grid gap-4 sm:grid-cols-3">
        {overview.map((row) => (
          <Card key={row.label}>
            <p className="text-sm text-stone-600">{row.label}</p>
            <p className="text-3xl font-semibold">{row.count}</p>
          </Card>
        ))}
      </div>
      <div className="mt-6">
        <ScanningStatusView scanning={scanning} />
      </div>
    </>
  );
}
