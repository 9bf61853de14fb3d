import { searchAnswer } from '@/lib/journal/data';

/** Search over the client's own entries; the criteria come in the body, never in the address. */
export async function POST(request: Request) {
  return searchAnswer(request);
}
