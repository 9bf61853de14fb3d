import type { Metadata } from 'next';
import Link from 'next/link';
import { FailedJobsView } from '@/lib/jobs/components/failed-jobs-view';
import { getFailedJobs } from '@/lib/jobs/data';
import { routes } from '@/lib/routes';
import { PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Failed jobs' };

export default async function FailedJobsPage() {
  const { jobs, timeZone } = await getFailedJobs();
  return (
    <>
      <PageHeading
        title="Failed jobs"
        intro="Background work for your practice that still failed after every attempt. The error names only its kind, never anyone's details. Retrying runs the job again."
      />
      <p className="mb-6 max-w-2xl text-stone-700">
        Where each email stands is in the{' '}
        <Link href={routes.adminOutbox} className="font-medium text-hearth-700 underline underline-offset-2">
          outbox
        </Link>
        .
      </p>
      <FailedJobsView jobs={jobs} timeZone={timeZone} />
    </>
  );
}
