'use client';

import { TwoClickForm } from '@/lib/ui/two-click-form';
import { withdrawEpisodeAction } from '../actions';

/**
 * Taking a released episode back in two clicks: "Withdraw", then "Withdraw for good". Rendered once it is withdrawn too
 * (without the buttons), so the outcome stays on screen.
 */
export function WithdrawEpisodeForm({
  clientId,
  appointmentId,
  episodeId,
  label,
  clientName,
  active,
}: {
  clientId: string;
  appointmentId: string;
  episodeId: string;
  label: string;
  clientName: string;
  active: boolean;
}) {
  return (
    <TwoClickForm
      action={withdrawEpisodeAction}
      fields={{ clientId, appointmentId, episodeId }}
      active={active}
      opener="Withdraw"
      openerContext={label}
      question={`Withdraw “${label}” from ${clientName}?`}
      explanation={`${clientName} will no longer see or hear it, its audio is destroyed for good, and if it has not reached them yet it never will. Hearth does not tell them. You can compose the episode after the session again; a follow-up is scheduled anew.`}
      confirm="Withdraw for good"
      pending="Withdrawing…"
      keep="Keep it"
    />
  );
}
