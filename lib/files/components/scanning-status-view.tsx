import { Card } from '@/lib/ui/app-shell';

/** Tells the admin whether shared files are checked for viruses, and what it means when they are not. */
export function ScanningStatusView({ scanning }: { scanning: boolean }) {
  return (
    <Card title="Virus scanning of shared files">
      {scanning ? (
        <p className="text-stone-800">On. Every shared file is checked before anyone can open it; a file with a virus is blocked and destroyed.</p>
      ) : (
        <p className="rounded-lg bg-amber-50 px-3 py-2 text-amber-900 ring-1 ring-amber-200">
          Off. Shared files can be opened at once and are marked “not checked for viruses”. Ask whoever runs Hearth to connect a ClamAV scanner
          (CLAMD_SOCKET or CLAMD_HOST).
        </p>
      )}
    </Card>
  );
}
