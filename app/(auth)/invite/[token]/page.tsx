import type { Metadata } from 'next';
import { AcceptInvitationForm } from '@/lib/invitations/components/accept-invitation-form';
import { getInvitationPage } from '@/lib/invitations/data';

export const metadata: Metadata = { title: 'Accept your invitation' };

export default async function AcceptInvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await getInvitationPage(token);
  if (!invitation.open) {
    return (
      <>
        <h1 className="mb-4 text-2xl font-semibold">Invitation</h1>
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {invitation.message}
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="mb-1 text-2xl font-semibold">Join {invitation.practiceName}</h1>
      <p className="mb-6 text-sm text-stone-600">
        You are creating the Hearth account for <strong className="font-medium text-stone-800">{invitation.email}</strong>. You will sign in
        with this email and the password you choose here.
      </p>
      <AcceptInvitationForm token={token} countries={invitation.countries} />
    </>
  );
}
