'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { initialActionState, type ActionState } from '@/lib/actions/state';
import { FormMessage, SubmitButton, TextField } from '@/lib/ui/form';
import { confirmMfaEnrolmentAction, disableMfaAction, regenerateRecoveryCodesAction, startMfaEnrolmentAction } from '../actions';

interface MfaSettingsProps {
  enabled: boolean;
  unusedRecoveryCodes: number;
  /** Staff of a practice that requires MFA: it cannot be turned off. */
  requiredByPractice: boolean;
  homeHref: string;
}

/**
 * Every step of two-step sign-in, from setup to turning it off. All action states live here so
 * that one-time secrets (setup key, recovery codes) stay on screen when the page data refreshes.
 */
export function MfaSettings({ enabled, unusedRecoveryCodes, requiredByPractice, homeHref }: MfaSettingsProps) {
  const [startState, startAction] = useActionState(startMfaEnrolmentAction, initialActionState);
  const [confirmState, confirmAction] = useActionState(confirmMfaEnrolmentAction, initialActionState);
  const [regenerateState, regenerateAction] = useActionState(regenerateRecoveryCodesAction, initialActionState);
  const [disableState, disableAction] = useActionState(disableMfaAction, initialActionState);

  if (confirmState.ok) {
    return (
      <div className="space-y-4">
        <FormMessage state={confirmState} />
        <RecoveryCodes codes={confirmState.data?.recoveryCodes} />
        <Link
          href={homeHref}
          className="inline-flex min-h-11 items-center rounded-lg bg-hearth-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-hearth-800"
        >
          Continue to your home page
        </Link>
      </div>
    );
  }

  if (enabled && !disableState.ok) {
    return (
      <div className="space-y-6">
        <p className="text-stone-800">
          <span className="font-semibold">Two-step sign-in is on.</span> You have {unusedRecoveryCodes} unused recovery{' '}
          {unusedRecoveryCodes === 1 ? 'code' : 'codes'}.
        </p>
        <section aria-labelledby="regenerate-heading" className="space-y-3 border-t border-stone-200 pt-5">
          <h3 id="regenerate-heading" className="font-semibold text-stone-900">
            Regenerate recovery codes
          </h3>
          <p className="text-sm text-stone-700">Creates ten new codes. The old ones stop working straight away.</p>
          {regenerateState.ok ? (
            <>
              <FormMessage state={regenerateState} />
              <RecoveryCodes codes={regenerateState.data?.recoveryCodes} />
            </>
          ) : (
            <form action={regenerateAction} aria-labelledby="regenerate-heading" className="max-w-md space-y-4" noValidate>
              <FormMessage state={regenerateState} />
              <CodeField state={regenerateState} acceptsRecoveryCode />
              <SubmitButton variant="secondary" pendingText="Creating…">
                Create new recovery codes
              </SubmitButton>
            </form>
          )}
        </section>
        <section aria-labelledby="disable-heading" className="space-y-3 border-t border-stone-200 pt-5">
          <h3 id="disable-heading" className="font-semibold text-stone-900">
            Turn off two-step sign-in
          </h3>
          <p className="text-sm text-stone-700">
            {requiredByPractice
              ? 'Your practice requires two-step sign-in for staff, so it has to stay on.'
              : 'Your account will then be protected by your password alone.'}
          </p>
          <form action={disableAction} aria-labelledby="disable-heading" className="max-w-md space-y-4" noValidate>
            <FormMessage state={disableState} />
            <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password" state={disableState} required />
            <CodeField state={disableState} acceptsRecoveryCode />
            <SubmitButton variant="danger" pendingText="Turning off…">
              Turn off two-step sign-in
            </SubmitButton>
          </form>
        </section>
      </div>
    );
  }

  const setupKey = startState.data?.setupKey;
  const qrDataUrl = startState.data?.qrDataUrl;
  if (typeof setupKey === 'string' && typeof qrDataUrl === 'string') {
    return (
      <div className="space-y-5">
        <ol className="list-decimal space-y-2 pl-5 text-stone-700">
          <li>Open an authenticator app on your phone, such as Google Authenticator, Microsoft Authenticator or 1Password.</li>
          <li>Scan the QR code, or type in the setup key.</li>
          <li>Enter the 6-digit code the app shows.</li>
        </ol>
        <div className="flex flex-wrap items-start gap-5">
          {/* A data: URL made on the server; next/image adds nothing for it. */}
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src={qrDataUrl} alt="QR code for your authenticator app" width={200} height={200} className="rounded-lg ring-1 ring-stone-200" />
          <div className="min-w-0 space-y-1">
            <p className="text-sm font-medium text-stone-800">Can’t scan? Use this setup key:</p>
            <code aria-label="Setup key" className="block break-all rounded-lg bg-stone-100 px-3 py-2 font-mono text-base tracking-wider text-stone-900">
              {setupKey}
            </code>
          </div>
        </div>
        <form action={confirmAction} className="max-w-md space-y-4" noValidate>
          <FormMessage state={confirmState} />
          <CodeField state={confirmState} />
          <SubmitButton pendingText="Checking…">Turn on two-step sign-in</SubmitButton>
        </form>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <FormMessage state={disableState.ok ? disableState : startState} />
      <p className="text-stone-700">
        Two-step sign-in is off. With it on, signing in also needs a code from an app on your phone, so your account stays safe
        even if someone learns your password.
      </p>
      <form action={startAction}>
        <SubmitButton pendingText="Preparing…">Set up two-step sign-in</SubmitButton>
      </form>
    </div>
  );
}

function CodeField({ state, acceptsRecoveryCode = false }: { state: ActionState; acceptsRecoveryCode?: boolean }) {
  return (
    <TextField
      label="Authentication code"
      name="code"
      state={state}
      hint={acceptsRecoveryCode ? 'The 6-digit code from your authenticator app, or one of your recovery codes.' : 'The 6-digit code from your authenticator app.'}
      inputMode={acceptsRecoveryCode ? 'text' : 'numeric'}
      autoComplete="one-time-code"
      required
    />
  );
}

/** New recovery codes, shown once. */
function RecoveryCodes({ codes }: { codes: string | string[] | undefined }) {
  if (!Array.isArray(codes)) return null;
  return (
    <div className="space-y-3 rounded-lg bg-amber-50 p-4 ring-1 ring-amber-200">
      <p className="text-sm text-stone-800">
        <span className="font-semibold">Save these recovery codes somewhere safe</span>, such as a password manager or a printed
        copy kept at home. Each one lets you sign in once if you lose your phone. They will not be shown again.
      </p>
      <ul aria-label="Recovery codes" className="grid grid-cols-1 gap-2 font-mono text-base text-stone-900 sm:grid-cols-2">
        {codes.map((code) => (
          <li key={code} className="rounded bg-white px-3 py-1.5 ring-1 ring-stone-200">
            {code}
          </li>
        ))}
      </ul>
    </div>
  );
}
