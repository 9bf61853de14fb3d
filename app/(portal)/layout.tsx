import { requireUser } from '@/lib/auth/current-user';
import { AppShell } from '@/lib/ui/app-shell';

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  return <AppShell user={await requireUser('portal:use')}>{children}</AppShell>;
}
