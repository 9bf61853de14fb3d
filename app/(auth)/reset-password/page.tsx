import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { RequestResetForm } from '@/lib/auth/components/password-reset-forms';
import { routes } from '@/lib/routes';

export const metadata: Metadata = { title: 'Reset your password' };

export default async function RequestResetPage() {
  // Rendered per request: the page's scripts need this request's CSP nonce (see proxy.ts).
  await connection();
  return (
    <>
      <h1 className="mb-1 text-2xl font-semibold">Reset your password</h1>
      <p className="mb-6 text-sm text-stone-600">Enter the email you sign in with. We will send you a link to choose a new password.</p>
      <RequestResetForm />
      <p className="mt-6 text-sm">
        <Link href={routes.login} className="font-medium text-hearth-700 underline underline-offset-2">
          Back to sign in
        </Link>
      </p>
    </>
  );
}
