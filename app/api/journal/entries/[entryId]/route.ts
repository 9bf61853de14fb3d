import { saveEntryAnswer } from '@/lib/journal/data';

/** The journal editor's autosave: creates or updates the client's own entry, naming the version it edited. */
export async function PUT(request: Request, { params }: { params: Promise<{ entryId: string }> }) {
  return saveEntryAnswer(request, (await params).entryId);
}
