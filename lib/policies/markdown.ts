import MarkdownIt from 'markdown-it';

/**
 * The one renderer for policy text, shared by the server pages and the editor's live preview
 * (so this module stays free of server-only imports). Raw HTML is escaped, images are off (they
 * would load from anywhere and can track readers), and a link survives only with an allowed scheme.
 */

const ALLOWED_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
const SCHEME = /^([a-z][a-z0-9+.-]*:)/i;

/** http, https and mailto links, or links within the site (a path, query or fragment). */
export function isAllowedLink(href: string): boolean {
  const link = href.trim();
  const scheme = SCHEME.exec(link)?.[1].toLowerCase();
  if (scheme) return ALLOWED_SCHEMES.has(scheme);
  // "//host/path" takes the page's scheme but another host: not a relative link.
  return !link.startsWith('//') && !link.startsWith('\\');
}

// Links within Hearth are relative; any absolute web address leaves the site.
const isExternal = (href: string) => /^https?:/i.test(href.trim());

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });
markdown.disable('image');

const validateLink = markdown.validateLink.bind(markdown);
markdown.validateLink = (url) => validateLink(url) && isAllowedLink(url);

// Marks each external link's open and close tokens, so the renderer can add the new-tab attributes and marker.
markdown.core.ruler.push('external_links', (state) => {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const open: boolean[] = [];
    for (const token of block.children) {
      if (token.type === 'link_open') {
        const external = isExternal(token.attrGet('href') ?? '');
        if (external) {
          token.attrSet('target', '_blank');
          token.attrSet('rel', 'noopener noreferrer');
        }
        open.push(external);
      } else if (token.type === 'link_close' && open.pop()) {
        token.meta = { ...token.meta, external: true };
      }
    }
  }
});

markdown.renderer.rules.link_close = (tokens, index, options, _env, self) => {
  const marker = tokens[index].meta?.external
    ? '<span class="sr-only"> (opens in a new tab)</span><span aria-hidden="true"> ↗</span>'
    : '';
  return marker + self.renderToken(tokens, index, options);
};

/** Policy Markdown as safe HTML. */
export function renderPolicyMarkdown(source: string): string {
  return markdown.render(source);
}

/** Readable defaults for the rendered HTML, applied on its container. */
export const POLICY_PROSE_CLASSES = [
  'max-w-prose text-base leading-relaxed text-stone-800',
  '[&_h1]:mt-6 [&_h1]:mb-3 [&_h1]:text-2xl [&_h1]:font-semibold',
  '[&_h2]:mt-6 [&_h2]:mb-2 [&_h2]:text-xl [&_h2]:font-semibold',
  '[&_h3]:mt-5 [&_h3]:mb-2 [&_h3]:text-lg [&_h3]:font-semibold',
  '[&_h4]:mt-4 [&_h4]:mb-1 [&_h4]:font-semibold',
  '[&_p]:my-3 [&_ul]:my-3 [&_ul]:list-disc [&_ul]:pl-6 [&_ol]:my-3 [&_ol]:list-decimal [&_ol]:pl-6 [&_li]:my-1',
  '[&_a]:text-hearth-800 [&_a]:underline [&_a]:underline-offset-2',
  '[&_blockquote]:my-3 [&_blockquote]:border-l-4 [&_blockquote]:border-stone-300 [&_blockquote]:pl-4 [&_blockquote]:text-stone-700',
  '[&_code]:rounded [&_code]:bg-stone-100 [&_code]:px-1 [&_hr]:my-6 [&_hr]:border-stone-200',
  '[&_table]:my-3 [&_th]:border [&_th]:border-stone-300 [&_th]:px-2 [&_th]:text-left [&_td]:border [&_td]:border-stone-300 [&_td]:px-2',
  '[&>*:first-child]:mt-0',
].join(' ');
