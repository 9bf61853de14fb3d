import Link from 'next/link';
import { formatInTimeZone } from '@/lib/platform/clock';
import { routes } from '@/lib/routes';
import { formatPolicyDate, shortHash, type PolicyKind } from '../model';

const LINK = 'font-medium text-hearth-800 underline underline-offset-2';

interface PublishedVersion {
  id: string;
  version: number;
  effectiveOn: string;
  changeSummary: string;
  contentSha256: string;
  publishedAt: Date;
  publishedBy: string;
}

/** A policy's published versions, newest first, each with its hash and links to read and compare it. */
export function VersionHistory({
  kind,
  versions,
  inForceVersion,
  timeZone,
}: {
  kind: PolicyKind;
  versions: PublishedVersion[];
  inForceVersion: number | null;
  timeZone: string;
}) {
  if (versions.length === 0) return <p className="text-stone-700">No version has been published yet.</p>;
  return (
    <>
      {versions.length > 1 && (
        <p className="mb-3 text-sm">
          <Link href={routes.adminPolicyCompare(kind)} className={LINK}>
            Compare any two versions
          </Link>
        </p>
      )}
      <ol className="divide-y divide-stone-200">
        {versions.map((version) => (
          <li key={version.id} className="py-4 first:pt-0 last:pb-0">
            <h3 className="font-semibold text-stone-900">
              Version {version.version}
              {version.version === inForceVersion && (
                <span className="ml-2 rounded-full bg-hearth-50 px-2 py-0.5 text-xs font-medium text-hearth-800 ring-1 ring-hearth-100">In force</span>
              )}
            </h3>
            <dl className="mt-2 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
              <dt className="font-medium text-stone-800">Effective</dt>
              <dd className="text-stone-700">{formatPolicyDate(version.effectiveOn)}</dd>
              <dt className="font-medium text-stone-800">Published by</dt>
              <dd className="text-stone-700">
                {version.publishedBy}, {formatInTimeZone(version.publishedAt, timeZone)}
              </dd>
              <dt className="font-medium text-stone-800">Summary</dt>
              <dd className="whitespace-pre-line text-stone-700">{version.changeSummary}</dd>
              <dt className="font-medium text-stone-800">SHA-256</dt>
              <dd className="min-w-0 text-stone-700">
                <details>
                  <summary className="cursor-pointer font-mono" title={version.contentSha256}>
                    {shortHash(version.contentSha256)}…<span className="sr-only"> (show the full hash)</span>
                  </summary>
                  <code className="block break-all pt-1 text-xs">{version.contentSha256}</code>
                </details>
              </dd>
            </dl>
            <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
              <Link href={routes.adminPolicyVersion(kind, version.version)} className={LINK}>
                View version {version.version}
              </Link>
              {version.version > 1 && (
                <Link href={`${routes.adminPolicyCompare(kind)}?from=${version.version - 1}&to=${version.version}`} className={LINK}>
                  Compare with version {version.version - 1}
                </Link>
              )}
            </p>
          </li>
        ))}
      </ol>
    </>
  );
}
