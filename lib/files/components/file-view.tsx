import { routes } from '@/lib/routes';
import { Card } from '@/lib/ui/app-shell';
import { FILE_STATUS_LABELS, formatBytes, type FileListItem } from '../model';
import { DeleteFileForm } from './delete-file-form';
import { FILE_LINK, removedWords, sharedBy, sharedOn } from './file-list-view';
import { FilePreview } from './file-preview';

/** One shared file's page: what it is, the file itself (or why it can't be opened), or its tombstone. */
export function FileView({ item, timeZone }: { item: FileListItem; timeZone: string }) {
  return (
    <div className="space-y-6">
      {item.removed ? (
        <Card>
          <p className="text-stone-800">{removedWords(item.removed)}</p>
        </Card>
      ) : (
        <>
          <Card title="About this file">
            <dl className="grid gap-x-4 gap-y-2 sm:grid-cols-[10rem_1fr]">
              <dt className="text-sm text-stone-600">Name</dt>
              <dd className="break-words">{item.name}</dd>
              <dt className="text-sm text-stone-600">Kind</dt>
              <dd>{item.kindLabel}</dd>
              <dt className="text-sm text-stone-600">Size</dt>
              <dd>{formatBytes(item.sizeBytes)}</dd>
              <dt className="text-sm text-stone-600">Shared</dt>
              <dd>
                {sharedBy(item)} on <time dateTime={item.createdAt.toISOString()}>{sharedOn(item.createdAt, timeZone)}</time>
              </dd>
              <dt className="text-sm text-stone-600">Status</dt>
              <dd>{FILE_STATUS_LABELS[item.status]}</dd>
              {item.note && (
                <>
                  <dt className="text-sm text-stone-600">Private note</dt>
                  <dd className="whitespace-pre-line break-words">{item.note}</dd>
                </>
              )}
            </dl>
          </Card>
          <Card title="The file">
            {item.canOpen ? (
              <div className="space-y-4">
                <FilePreview item={item} />
                <p>
                  <a href={routes.fileContent(item.id, 'download')} download className={FILE_LINK}>
                    Download<span className="sr-only"> {item.label}</span>
                  </a>
                </p>
              </div>
            ) : (
              <p className="text-stone-700">{item.notOpenableReason ?? 'This file can’t be opened.'}</p>
            )}
          </Card>
        </>
      )}
      <DeleteFileForm fileId={item.id} label={item.label} active={item.canDelete} />
    </div>
  );
}
