// An entry's written parts as safe HTML, for the editor's preview and the therapist's page (client-safe). Each part is
// rendered on its own, so Markdown left open in one (a code fence, say) cannot swallow the next.
import { renderPolicyMarkdown } from '@/lib/policies/markdown';
import { FIELD_LABELS, PROMPTS, type EntryContent } from './model';

export interface RenderedSection {
  key: string;
  label: string;
  /** From the shared renderer: raw HTML escaped, no images, links only to the web, mail or within Hearth. */
  html: string;
}

export function renderEntry(content: EntryContent): RenderedSection[] {
  return [...PROMPTS.map((prompt) => ({ key: prompt.key, label: prompt.label, text: content.prompts[prompt.key] })), { key: 'text', label: FIELD_LABELS.text, text: content.text }]
    .filter((section) => section.text.trim() !== '')
    .map(({ key, label, text }) => ({ key, label, html: renderPolicyMarkdown(text) }));
}
