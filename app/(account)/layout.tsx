import { requireAccountUser } from '@/lib/auth/data';
import { AppShell } from '@/lib/ui/app-shell';

export default async function AccountLayout({ children }: { children: React.ReactNode }) {
  return <AppShell user={await requireAccountUser()}>{children}</AppShell>;
}
