import { formatInTimeZone } from '@/lib/platform/clock';
import { Card } from '@/lib/ui/app-shell';
import { jobKindLabel, type FailedJob } from '../model';
import { RetryJobForm } from './retry-job-form';

/** Each failed job with what is known about its failure, and a way to try it again. */
export function FailedJobsView({ jobs, timeZone }: { jobs: FailedJob[]; timeZone: string }) {
  if (jobs.length === 0) {
    return (
      <Card>
        <p className="text-stone-600">No failed jobs. Everything queued has run.</p>
      </Card>
    );
  }
  return (
    <ol className="space-y-4" aria-label="Failed jobs, most recent first">
      {jobs.map((job) => {
        const label = jobKindLabel(job.kind);
        return (
          <li key={job.id}>
            <article aria-labelledby={`job-${job.id}`} className="flex flex-col gap-4 rounded-xl bg-white p-5 shadow-sm ring-1 ring-stone-200 sm:flex-row sm:items-start sm:justify-between">
              <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
                <dt className="text-stone-600">Job</dt>
                <dd id={`job-${job.id}`} className="font-semibold text-stone-900">
                  {label} <span className="font-normal text-stone-600">#{job.id}</span>
                </dd>
                <dt className="text-stone-600">Attempts</dt>
                <dd>{job.attempts}</dd>
                <dt className="text-stone-600">Last error</dt>
                <dd className="break-all">{job.lastError ?? 'None recorded'}</dd>
                <dt className="text-stone-600">Queued</dt>
                <dd>
                  <time dateTime={job.createdAt.toISOString()}>{formatInTimeZone(job.createdAt, timeZone)}</time>
                </dd>
                <dt className="text-stone-600">Failed</dt>
                <dd>{job.finishedAt ? <time dateTime={job.finishedAt.toISOString()}>{formatInTimeZone(job.finishedAt, timeZone)}</time> : 'Unknown'}</dd>
              </dl>
              <RetryJobForm job={{ id: job.id, label }} />
            </article>
          </li>
        );
      })}
    </ol>
  );
}
