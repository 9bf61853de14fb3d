import { AppShell } from '@/lib/ui/app-shell';
import { requirePortalClient } from '@/lib/policies/acknowledgement-data';

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  return <AppShell user={await requirePortalClient()}>{children}</AppShell>;
}
