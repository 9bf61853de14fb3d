import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth/guards';
import { getPracticeOverview } from '@/lib/practice/data';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Practice overview' };

export default async function AdminHome() {
  const user = await requireUser('admin:use');
  const overview = await getPracticeOverview();
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
    </>
  );
}
