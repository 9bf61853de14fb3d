import Link from 'next/link';
import { getBellCount } from '@/lib/notifications/data';
import { NotificationBell } from '@/lib/notifications/components/notification-bell';
import { QueryProvider } from '@/lib/notifications/components/query-provider';
import { routes } from '@/lib/routes';
import type { SessionUser } from '../auth/model';
import { SignOutButton } from './sign-out-button';

const NAV: Record<SessionUser['role'], { href: string; label: string }[]> = {
  client: [
    { href: routes.portal, label: 'Home' },
    { href: routes.portalRecording, label: 'Recording' },
    { href: routes.portalSessions, label: 'Sessions' },
    { href: routes.portalFiles, label: 'Shared files' },
    { href: routes.portalSummaries, label: 'Session notes' },
    { href: routes.portalJournal, label: 'Journal' },
    { href: routes.portalReminders, label: 'Reminders' },
  ],
  therapist: [
    { href: routes.practice, label: 'My clients' },
    { href: routes.practiceInvite, label: 'Invite a client' },
    { href: routes.practiceSchedule, label: 'Schedule' },
    { href: routes.practiceExercises, label: 'Exercises' },
  ],
  admin: [
    { href: routes.admin, label: 'Overview' },
    { href: routes.adminUsers, label: 'People' },
    { href: routes.adminRelationships, label: 'Care relationships' },
    { href: routes.adminPolicies, label: 'Policies' },
    { href: routes.adminRecording, label: 'Recording' },
    { href: routes.adminSettings, label: 'Settings' },
    { href: routes.adminAudit, label: 'Audit trail' },
    { href: routes.adminOutbox, label: 'Outbox' },
    { href: routes.adminJobs, label: 'Failed jobs' },
  ],
};

/**
 * The frame around every signed-in page: who you are, where you can go, what is new for you, and
 * a way out. Its client islands share one query client.
 */
export async function AppShell({ user, children }: { user: SessionUser; children: React.ReactNode }) {
  const unread = await getBellCount(user);
  return (
    <QueryProvider>
      <div className="min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2">
          Skip to content
        </a>
        <header className="border-b border-stone-200 bg-white">
          <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-3">
            <div>
              <p className="text-lg font-semibold text-hearth-800">Hearth</p>
              <p className="text-xs text-stone-600">{user.practiceName}</p>
            </div>
            <div className="flex items-center gap-2">
              {unread !== null && <NotificationBell initialCount={unread} />}
              <Link href={routes.account} className="min-h-11 rounded-lg px-3 py-2 text-sm font-medium text-stone-700 hover:bg-stone-100">
                Account
              </Link>
              <SignOutButton />
            </div>
          </div>
          <nav aria-label="Main" className="mx-auto max-w-5xl overflow-x-auto px-4 pb-2">
            <ul className="flex gap-1">
              {NAV[user.role].map((item) => (
                <li key={item.href}>
                  <Link href={item.href} className="block whitespace-nowrap rounded-lg px-3 py-2 text-sm font-medium text-stone-700 hover:bg-hearth-50 hover:text-hearth-800">
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-5xl px-4 py-6">
          {children}
        </main>
      </div>
    </QueryProvider>
  );
}

export function PageHeading({ title, intro }: { title: string; intro?: string }) {
  return (
    <div className="mb-6">
      <h1 className="text-2xl font-semibold tracking-tight text-stone-900">{title}</h1>
      {intro && <p className="mt-1 max-w-2xl text-stone-600">{intro}</p>}
    </div>
  );
}

export function Card({ title, children }: { title?: string; children: React.ReactNode }) {
  return (
    <section className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-stone-200">
      {title && <h2 className="mb-3 text-lg font-semibold text-stone-900">{title}</h2>}
      {children}
    </section>
  );
}
