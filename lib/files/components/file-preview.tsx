import { routes } from '@/lib/routes';
import type { FileListItem } from '../model';
import { AudioPlayer } from './audio-player';

const FRAME = 'block w-full rounded-lg bg-white ring-1 ring-stone-200';

/** A file shown in the page: an image, a PDF or text in a frame of its own, or a player for audio. */
export function FilePreview({ item }: { item: Pick<FileListItem, 'id' | 'label' | 'preview'> }) {
  const src = routes.fileContent(item.id, 'preview');
  switch (item.preview) {
    case 'image':
      return (
        // A plain <img>: the image optimiser would fetch the file without the viewer's session.
        // eslint-disable-next-line @next/next/no-img-element
        <img src={src} alt={`Preview of ${item.label}`} className="h-auto max-h-[70vh] w-auto max-w-full rounded-lg ring-1 ring-stone-200" />
      );
    case 'pdf':
      return <iframe title={`Preview of ${item.label} (PDF)`} src={src} className={`${FRAME} h-[70vh]`} />;
    case 'text':
      // Plain text needs nothing, so its frame may do nothing.
      return <iframe title={`Preview of ${item.label} (text)`} src={src} sandbox="" className={`${FRAME} h-[60vh]`} />;
    case 'audio':
      return <AudioPlayer src={routes.fileContent(item.id, 'play')} label={item.label} />;
    default:
      return <p className="text-stone-700">This type of file can’t be shown here. Download it to open it on your device.</p>;
  }
}
