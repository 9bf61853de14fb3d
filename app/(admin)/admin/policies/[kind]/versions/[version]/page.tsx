import type { Metadata } from 'next';
import Link from 'next/link';
import { PolicyVersionView } from '@/lib/policies/components/version-view';
import { getPolicyVersion } from '@/lib/policies/data';
import { routes } from '@/lib/routes';
import { PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Policy version' };

const LINK = 'font-medium text-hearth-800 underline underline-offset-2';

export default async function PolicyVersionPage({ params }: { params: Promise<{ kind: string; version: string }> }) {
  const { kind, version: versionParam } = await params;
  const { label, version, publishedBy, hasDraft, inForce, timeZone } = await getPolicyVersion(kind, versionParam);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={routes.adminPolicies} className={LINK}>
          Policies
        </Link>
        <span aria-hidden="true"> / </span>
        <Link href={routes.adminPolicy(version.kind)} className={LINK}>
          {label}
        </Link>
      </p>
      <PageHeading title={`${label}, version ${version.version}`} />
      <PolicyVersionView version={version} publishedBy={publishedBy} inForce={inForce} hasDraft={hasDraft} timeZone={timeZone} />
    </>
  );
}
