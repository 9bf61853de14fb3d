import { NextResponse } from 'next/server';
import { getUnreadAnswer } from '@/lib/notifications/data';

/** The bell's unread count, for the signed-in person only; never cached anywhere. */
export async function GET() {
  const answer = await getUnreadAnswer();
  return NextResponse.json(answer.body, { status: answer.status, headers: { 'Cache-Control': 'no-store' } });
}
