import { requireUser } from '@/lib/auth/guards';
import { AppShell } from '@/lib/ui/app-shell';

// The guard for 'portal:use' sends a client with policies to acknowledge to do that first.
export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  return <AppShell user={await requireUser('portal:use')}>{children}</AppShell>;
}
