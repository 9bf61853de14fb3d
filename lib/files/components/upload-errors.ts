/**
 * What to tell the person when the server refused or failed: its own words (Hearth answers in plain text), unless the
 * answer is not Hearth's (an HTML error page from something in between, or nothing at all).
 */
export function serverWords(body: string | null | undefined, fallback: string): string {
  const text = body?.trim();
  if (!text || text.startsWith('<') || text.length > 500) return fallback;
  return text;
}

export const CONNECTION_LOST = 'The connection to Hearth was lost. Check your internet connection and try again.';
