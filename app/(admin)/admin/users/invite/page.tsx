import type { Metadata } from 'next';
import { InviteForm } from '@/lib/invitations/components/invite-form';
import { RevokeInvitationForm } from '@/lib/invitations/components/revoke-invitation-form';
import { getAdminInvitePage } from '@/lib/invitations/data';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Invite someone' };

export default async function AdminInvitePage() {
  const { therapists, pending, validDays } = await getAdminInvitePage();
  return (
    <>
      <PageHeading
        title="Invite someone"
        intro={`Invite a client, therapist or admin to the practice. They get an email with a link to create their account, which works for ${validDays} days.`}
      />
      <div className="space-y-6">
        <Card>
          <InviteForm chooseRole therapists={therapists} />
        </Card>
        <Card title="Pending invitations">
          {pending.length === 0 ? (
            <p className="text-stone-600">No invitations are waiting to be accepted.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead className="text-stone-600">
                  <tr>
                    <th scope="col" className="py-2 pr-4 font-medium">Email</th>
                    <th scope="col" className="py-2 pr-4 font-medium">Role</th>
                    <th scope="col" className="py-2 pr-4 font-medium">Therapist</th>
                    <th scope="col" className="py-2 pr-4 font-medium">Invited by</th>
                    <th scope="col" className="py-2 pr-4 font-medium">Expires</th>
                    <th scope="col" className="py-2 font-medium">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-stone-100">
                  {pending.map((invitation) => (
                    <tr key={invitation.id}>
                      <td className="py-3 pr-4 break-all">{invitation.email}</td>
                      <td className="py-3 pr-4">{invitation.roleLabel}</td>
                      <td className="py-3 pr-4">{invitation.therapistName ?? '—'}</td>
                      <td className="py-3 pr-4">{invitation.invitedByName}</td>
                      <td className="py-3 pr-4 whitespace-nowrap">{invitation.expires}</td>
                      <td className="py-3 text-right">
                        <RevokeInvitationForm invitationId={invitation.id} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
