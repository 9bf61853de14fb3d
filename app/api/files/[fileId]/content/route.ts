import { serveFileContent } from '@/lib/files/data';

/** A shared file's content (download, preview or play, with byte ranges), for its two people only. Never cached. */
export async function GET(request: Request, { params }: { params: Promise<{ fileId: string }> }) {
  const { fileId } = await params;
  return serveFileContent(request, fileId);
}
