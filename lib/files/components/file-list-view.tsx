import Link from 'next/link';
import { dateFormat } from '@/lib/platform/clock';
import { routes } from '@/lib/routes';
import { FILE_STATUS_LABELS, formatBytes, type FileListItem } from '../model';
import { DeleteFileForm } from './delete-file-form';

export const FILE_LINK =
  'inline-flex min-h-11 items-center justify-center rounded-lg bg-white px-4 py-2 text-sm font-semibold text-hearth-800 shadow-sm ring-1 ring-stone-300 hover:bg-hearth-50';

/** "3 Mar 2026, 14:05" in the viewer's time zone. */
export const sharedOn = (instant: Date, timeZone: string) =>
  dateFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(instant);

export const sharedBy = (item: Pick<FileListItem, 'uploadedByYou' | 'uploadedByName'>) => (item.uploadedByYou ? 'Shared by you' : `Shared by ${item.uploadedByName}`);

/** A removed file's tombstone, in place of the file. */
export const removedWords = (removed: NonNullable<FileListItem['removed']>) => `Removed on ${removed.on}: ${removed.reason}`;

/**
 * A shared space's files, newest first. Only the space's two people reach this list, so each file shows its original
 * name under its neutral label. `fileHref` is the viewer's own page for a file.
 */
export function FileListView({
  files,
  timeZone,
  otherName,
  fileHref,
}: {
  files: FileListItem[];
  timeZone: string;
  otherName: string;
  fileHref: (fileId: string) => string;
}) {
  if (files.length === 0) return <p className="text-stone-600">Nothing has been shared here yet. Files you or {otherName} share will appear here.</p>;
  return (
    <ul className="space-y-3" aria-label="Shared files, newest first">
      {files.map((item) => (
        <li key={item.id}>
          <article aria-labelledby={`file-${item.id}`} className="space-y-2 rounded-lg bg-white p-4 ring-1 ring-stone-200">
            <h3 id={`file-${item.id}`} className="font-semibold text-stone-900">
              {item.label}
            </h3>
            {item.removed ? (
              <p className="text-stone-700">{removedWords(item.removed)}</p>
            ) : (
              <>
                {item.name && <p className="break-words text-stone-800">{item.name}</p>}
                <p className="text-sm text-stone-600">
                  {item.kindLabel} · {formatBytes(item.sizeBytes)} · {sharedBy(item)} · <time dateTime={item.createdAt.toISOString()}>{sharedOn(item.createdAt, timeZone)}</time>
                </p>
                <p className="text-sm text-stone-700">Status: {FILE_STATUS_LABELS[item.status]}</p>
                {item.canOpen ? (
                  <div className="flex flex-wrap gap-2">
                    {/* No prefetch: opening a file is an audited read, so it happens only when the person asks. */}
                    <Link href={fileHref(item.id)} prefetch={false} className={FILE_LINK}>
                      Open<span className="sr-only"> {item.label}</span>
                    </Link>
                    <a href={routes.fileContent(item.id, 'download')} download className={FILE_LINK}>
                      Download<span className="sr-only"> {item.label}</span>
                    </a>
                  </div>
                ) : (
                  item.notOpenableReason && <p className="text-sm text-stone-700">{item.notOpenableReason}</p>
                )}
              </>
            )}
            <DeleteFileForm fileId={item.id} label={item.label} active={item.canDelete} />
          </article>
        </li>
      ))}
    </ul>
  );
}
