import { notFound } from 'next/navigation';
import { getReceipt, type ReceiptFormat } from '@/lib/consent/data';

const FORMATS: readonly string[] = ['pdf', 'json', 'fhir'] satisfies ReceiptFormat[];

/**
 * A receipt download for either person of a signed, declined, withdrawn or ended agreement: an attachment with a
 * neutral name, never cached. Anyone else, and an unknown format, gets a 404.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ requestId: string; format: string }> }) {
  const { requestId, format } = await params;
  if (!FORMATS.includes(format)) notFound();
  const receipt = await getReceipt(requestId, format as ReceiptFormat);
  return new Response(typeof receipt.body === 'string' ? receipt.body : new Uint8Array(receipt.body), {
    headers: {
      'Content-Type': receipt.contentType,
      'Content-Disposition': `attachment; filename="${receipt.filename}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
