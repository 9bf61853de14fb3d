'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { routes } from '@/lib/routes';
import { FormMessage, SubmitButton, TextField } from '@/lib/ui/form';
import { signInAction } from '../actions';

/** Email and password first; accounts with MFA then get a second step asking for a code. */
export function LoginForm({ next }: { next?: string }) {
  const [state, formAction] = useActionState(signInAction, initialActionState);
  const challenge = state.data?.challenge as string | undefined;

  if (challenge) {
    return (
      <form action={formAction} className="space-y-4" noValidate>
        <input type="hidden" name="challenge" value={challenge} />
        {next && <input type="hidden" name="next" value={next} />}
        <p className="text-sm text-stone-700">
          Enter the 6-digit code from your authenticator app. Lost your phone? Enter one of your recovery codes instead.
        </p>
        <TextField label="Authentication code" name="code" state={state} inputMode="text" autoComplete="one-time-code" autoFocus required />
        <SubmitButton pendingText="Checking…">Verify</SubmitButton>
      </form>
    );
  }

  return (
    <form action={formAction} className="space-y-4" noValidate>
      {next && <input type="hidden" name="next" value={next} />}
      <FormMessage state={state} />
      <TextField label="Email" name="email" type="email" autoComplete="email" state={state} required />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" state={state} required />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <SubmitButton pendingText="Signing in…">Sign in</SubmitButton>
        <Link href={routes.resetPassword} className="text-sm font-medium text-hearth-700 underline underline-offset-2">
          Forgot your password?
        </Link>
      </div>
    </form>
  );
}
