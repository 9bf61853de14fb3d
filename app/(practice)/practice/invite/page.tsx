import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth/guards';
import { InviteForm } from '@/lib/invitations/forms';
import { INVITATION_VALID_DAYS } from '@/lib/invitations/service';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Invite a client' };

export default async function InviteClientPage() {
  await requireUser('clients:invite');
  return (
    <>
      <PageHeading
        title="Invite a client"
        intro={`We will email them a link to create their account. Once they accept, they appear in your clients. The link works for ${INVITATION_VALID_DAYS} days.`}
      />
      <Card>
        <InviteForm chooseRole={false} />
      </Card>
    </>
  );
}
