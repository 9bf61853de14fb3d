'use client';

import { useActionState } from 'react';
import { signOutAction } from '../auth/actions';
import { initialActionState } from '../actions/state';

export function SignOutButton() {
  const [, formAction, pending] = useActionState(signOutAction, initialActionState);
  return (
    <form action={formAction}>
      <button type="submit" disabled={pending} className="min-h-11 rounded-lg px-3 py-2 text-sm font-semibold text-stone-700 ring-1 ring-stone-300 hover:bg-stone-100">
        Sign out
      </button>
    </form>
  );
}
