import Link from 'next/link';
import { formatInTimeZone } from '@/lib/platform/clock';
import { routes } from '@/lib/routes';
import { Card } from '@/lib/ui/app-shell';
import { formatPolicyDate, type PolicyVersion } from '../model';
import { StartDraftForm } from './editor-form';
import { PolicyMarkdown } from './markdown-view';

/** One published version: its record, the way to change it (a new draft), and its text. */
export function PolicyVersionView({
  version,
  publishedBy,
  inForce,
  hasDraft,
  timeZone,
}: {
  version: PolicyVersion;
  publishedBy: string;
  inForce: boolean;
  hasDraft: boolean;
  timeZone: string;
}) {
  return (
    <div className="space-y-6">
      <Card>
        <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium text-stone-800">Status</dt>
          <dd className="text-stone-700">{inForce ? 'In force today' : 'Not the version in force today'}</dd>
          <dt className="font-medium text-stone-800">Effective</dt>
          <dd className="text-stone-700">{formatPolicyDate(version.effectiveOn)}</dd>
          <dt className="font-medium text-stone-800">Published by</dt>
          <dd className="text-stone-700">
            {publishedBy}, {formatInTimeZone(version.publishedAt, timeZone)}
          </dd>
          <dt className="font-medium text-stone-800">Summary of changes</dt>
          <dd className="whitespace-pre-line text-stone-700">{version.changeSummary}</dd>
          <dt className="font-medium text-stone-800">SHA-256</dt>
          <dd className="min-w-0 break-all font-mono text-xs text-stone-700">{version.contentSha256}</dd>
        </dl>
        <p className="mt-4 rounded-lg bg-stone-50 px-3 py-2 text-sm text-stone-700 ring-1 ring-stone-200">
          Published versions cannot be changed: clients acknowledged exactly this text. To make changes, start a new draft from it and publish that as the
          next version.
        </p>
        <div className="mt-4 flex flex-wrap items-start gap-4">
          <StartDraftForm versionId={version.id} replacesDraft={hasDraft} />
          {version.version > 1 && (
            <Link
              href={`${routes.adminPolicyCompare(version.kind)}?from=${version.version - 1}&to=${version.version}`}
              className="font-medium text-hearth-800 underline underline-offset-2 py-3 text-sm"
            >
              Compare with version {version.version - 1}
            </Link>
          )}
        </div>
      </Card>
      <Card>
        <article>
          <h2 className="mb-4 text-xl font-semibold text-stone-900">{version.title}</h2>
          <PolicyMarkdown source={version.body} />
        </article>
      </Card>
    </div>
  );
}
