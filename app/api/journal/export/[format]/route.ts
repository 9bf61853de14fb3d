import { notFound } from 'next/navigation';
import { exportAnswer, type ExportFormat } from '@/lib/journal/data';

const FORMATS: readonly string[] = ['markdown', 'pdf'] satisfies ExportFormat[];

/** The client's whole journal as a Markdown or PDF attachment with a neutral name, never cached. Any other format is a 404. */
export async function GET(_request: Request, { params }: { params: Promise<{ format: string }> }) {
  const { format } = await params;
  if (!FORMATS.includes(format)) notFound();
  return exportAnswer(format as ExportFormat);
}
