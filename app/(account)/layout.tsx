import { requireUser } from '@/lib/auth/guards';
import { AppShell } from '@/lib/ui/app-shell';

export default async function AccountLayout({ children }: { children: React.ReactNode }) {
  return <AppShell user={await requireUser('account:manage', { allowPendingMfa: true })}>{children}</AppShell>;
}
