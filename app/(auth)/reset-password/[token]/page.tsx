import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { findUsableReset, INVALID_RESET_LINK_MESSAGE } from '@/lib/auth/password-reset';
import { SetNewPasswordForm } from '@/lib/auth/password-reset-forms';

export const metadata: Metadata = { title: 'Choose a new password' };

export default async function SetNewPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const reset = await findUsableReset(await getDb(), token);
  return (
    <>
      <h1 className="mb-1 text-2xl font-semibold">Choose a new password</h1>
      {reset ? (
        <>
          <p className="mb-6 text-sm text-stone-600">
            After this, you will be signed out everywhere and can sign in with the new password.
          </p>
          <SetNewPasswordForm token={token} />
        </>
      ) : (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {INVALID_RESET_LINK_MESSAGE}
        </p>
      )}
      <p className="mt-6 text-sm">
        <Link href="/reset-password" className="font-medium text-hearth-700 underline underline-offset-2">
          Ask for a new reset link
        </Link>
      </p>
    </>
  );
}
