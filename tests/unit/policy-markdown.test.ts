import { describe, expect, it } from 'vitest';
import { isAllowedLink, renderPolicyMarkdown } from '@/lib/policies/markdown';

const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);

describe('policy Markdown renderer', () => {
  it('renders headings, lists and emphasis', () => {
    const html = renderPolicyMarkdown('## Your rights\n\n- **access**\n- erasure\n');
    expect(html).toContain('<h2>Your rights</h2>');
    expect(html).toContain('<li><strong>access</strong></li>');
  });

  it('escapes raw HTML instead of rendering it', () => {
    const html = renderPolicyMarkdown('Hello <script>alert(1)</script>\n\n<img src=x onerror="alert(1)">');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(html).not.toMatch(/<script|<img/i);
  });

  it.each(['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'vbscript:msgbox(1)', 'data:text/html;base64,PHNjcmlwdD4=', 'file:///etc/passwd', 'ftp://example.com/x'])(
    'renders no link for [x](%s)',
    (target) => {
      const html = renderPolicyMarkdown(`[x](${target}) and <${target}>`);
      expect(hrefs(html)).toEqual([]);
      expect(html).not.toMatch(/href="(javascript|vbscript|data|file|ftp):/i);
    },
  );

  it('does not link a javascript: address written as a bare autolink either', () => {
    expect(hrefs(renderPolicyMarkdown('<javascript:alert(1)>'))).toEqual([]);
  });

  it('drops images, which would load from anywhere', () => {
    expect(renderPolicyMarkdown('![pixel](https://tracker.example/p.gif)')).not.toContain('<img');
  });

  it('opens external links in a new tab, safely, and says so', () => {
    const html = renderPolicyMarkdown('See [the regulator](https://www.dataprotection.ie/).');
    expect(html).toContain('<a href="https://www.dataprotection.ie/" target="_blank" rel="noopener noreferrer">the regulator');
    expect(html).toContain('<span class="sr-only"> (opens in a new tab)</span><span aria-hidden="true"> ↗</span></a>');
  });

  it('keeps internal and mailto links in the same tab without a marker', () => {
    const html = renderPolicyMarkdown('Read [our recording policy](/portal/policies) or write to [us](mailto:privacy@demo.test).');
    expect(hrefs(html)).toEqual(['/portal/policies', 'mailto:privacy@demo.test']);
    expect(html).not.toContain('target=');
    expect(html).not.toContain('opens in a new tab');
  });

  it('allows only web, mail and relative links', () => {
    expect(['https://a.example', 'http://a.example', 'mailto:a@b.example', '/portal', '#rights', 'policies?x=1'].every(isAllowedLink)).toBe(true);
    expect(['javascript:alert(1)', ' javascript:x', 'data:text/html,x', 'vbscript:x', '//evil.example/x', 'tel:123'].some(isAllowedLink)).toBe(false);
  });
});
