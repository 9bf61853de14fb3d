import { requireUser } from '@/lib/auth/guards';
import { AppShell } from '@/lib/ui/app-shell';

/**
 * The client's shell, open to a client with policies to acknowledge. The acknowledgement page
 * lives outside (portal) so the gate's redirect never lands under the layout that issued it (Next
 * reuses a shared layout on a client-side redirect, and would keep asking for it).
 */
export default async function PolicyAcknowledgementLayout({ children }: { children: React.ReactNode }) {
  return <AppShell user={await requireUser('portal:use', { allowPendingPolicies: true })}>{children}</AppShell>;
}
