import { recordingNowAnswer } from '@/lib/files/data';

/** Whether a recording is arriving in this space now: the indicator both people's pages poll. */
export async function GET(_request: Request, { params }: { params: Promise<{ spaceId: string }> }) {
  return recordingNowAnswer((await params).spaceId);
}
