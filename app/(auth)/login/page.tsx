import type { Metadata } from 'next';
import { LoginForm } from '@/lib/auth/components/login-form';
import { redirectIfSignedIn } from '@/lib/auth/data';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = typeof params.next === 'string' ? params.next : undefined;
  await redirectIfSignedIn(next);
  const notice = params['signed-out']
    ? 'You have been signed out.'
    : params.reset
      ? 'Your password has been changed. Sign in with the new one.'
      : undefined;
  return (
    <>
      <h1 className="mb-1 text-2xl font-semibold">Sign in</h1>
      <p className="mb-6 text-sm text-stone-600">Welcome back. Your practice gave you these details when you joined.</p>
      {notice && (
        <p role="status" className="mb-4 rounded-lg bg-hearth-50 px-3 py-2 text-sm text-hearth-800">
          {notice}
        </p>
      )}
      <LoginForm next={next} />
    </>
  );
}
