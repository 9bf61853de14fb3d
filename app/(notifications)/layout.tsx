import { requireUser } from '@/lib/auth/guards';
import { AppShell } from '@/lib/ui/app-shell';

// The notification centre belongs to every role, so it has a layout of its own rather than one of the role areas'.
export default async function NotificationsLayout({ children }: { children: React.ReactNode }) {
  return <AppShell user={await requireUser('notifications:use')}>{children}</AppShell>;
}
