import Link from 'next/link';
import { Card } from '@/lib/ui/app-shell';

/** A client's shared spaces, one per therapist in their care. */
export function SpaceListView({ spaces }: { spaces: { id: string; therapistName: string; href: string }[] }) {
  if (spaces.length === 0) {
    return (
      <Card>
        <p className="text-stone-600">You have no shared files yet. A place to share files appears here once you are in a therapist’s care.</p>
      </Card>
    );
  }
  return (
    <ul className="space-y-3">
      {spaces.map((space) => (
        <li key={space.id}>
          <Card>
            <p>
              <Link href={space.href} className="text-lg font-semibold text-hearth-700 underline underline-offset-2">
                Shared with {space.therapistName}
              </Link>
            </p>
            <p className="mt-1 text-sm text-stone-600">Only you and {space.therapistName} can see the files here.</p>
          </Card>
        </li>
      ))}
    </ul>
  );
}
