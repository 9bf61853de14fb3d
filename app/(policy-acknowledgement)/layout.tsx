import { requireUser } from '@/lib/auth/guards';
import { AppShell } from '@/lib/ui/app-shell';

/**
 * The client's shell without the portal's acknowledgement guard. The acknowledgement page lives
 * outside (portal) so the guard's redirect never lands under the layout that issued it (Next
 * reuses a shared layout on a client-side redirect, and would keep asking for it).
 */
export default async function PolicyAcknowledgementLayout({ children }: { children: React.ReactNode }) {
  return <AppShell user={await requireUser('portal:use')}>{children}</AppShell>;
}
