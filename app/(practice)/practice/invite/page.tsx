import type { Metadata } from 'next';
import { InviteForm } from '@/lib/invitations/components/invite-form';
import { getClientInvitePage } from '@/lib/invitations/data';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Invite a client' };

export default async function InviteClientPage() {
  const { validDays } = await getClientInvitePage();
  return (
    <>
      <PageHeading
        title="Invite a client"
        intro={`We will email them a link to create their account. Once they accept, they appear in your clients. The link works for ${validDays} days.`}
      />
      <Card>
        <InviteForm chooseRole={false} />
      </Card>
    </>
  );
}
