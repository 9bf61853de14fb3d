import type { Metadata } from 'next';
import Link from 'next/link';
import { InvalidResetLink, SetNewPasswordForm } from '@/lib/auth/components/password-reset-forms';
import { isUsableResetLink } from '@/lib/auth/data';
import { routes } from '@/lib/routes';

export const metadata: Metadata = { title: 'Choose a new password' };

export default async function SetNewPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <>
      <h1 className="mb-1 text-2xl font-semibold">Choose a new password</h1>
      {(await isUsableResetLink(token)) ? (
        <>
          <p className="mb-6 text-sm text-stone-600">
            After this, you will be signed out everywhere and can sign in with the new password.
          </p>
          <SetNewPasswordForm token={token} />
        </>
      ) : (
        <InvalidResetLink />
      )}
      <p className="mt-6 text-sm">
        <Link href={routes.resetPassword} className="font-medium text-hearth-700 underline underline-offset-2">
          Ask for a new reset link
        </Link>
      </p>
    </>
  );
}
