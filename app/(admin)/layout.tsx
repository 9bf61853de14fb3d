import { requireUser } from '@/lib/auth/guards';
import { AppShell } from '@/lib/ui/app-shell';

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  return <AppShell user={await requireUser('admin:use')}>{children}</AppShell>;
}
