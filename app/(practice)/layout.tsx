import { requireUser } from '@/lib/auth/guards';
import { AppShell } from '@/lib/ui/app-shell';

export default async function PracticeLayout({ children }: { children: React.ReactNode }) {
  return <AppShell user={await requireUser('practice:use')}>{children}</AppShell>;
}
