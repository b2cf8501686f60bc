// Model answers are untrusted Markdown: marked turns them into HTML with every raw HTML tag
// escaped (shown as text), images shown as links (a remote image would leak the conversation
// to whoever the model names), then DOMPurify sanitizes the result as a second line of defence.
// Links open in a new tab without an opener or a Referer; only http(s) and mailto links stay.
import { Marked, type Tokens } from 'marked';
import DOMPurify from 'dompurify';

const SAFE_LINK = /^(https?:|mailto:)/i;

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(text);
    },
    image({ href, text }: Tokens.Image) {
      const label = escapeHtml(text.trim() || 'image');
      return `<a href="${escapeHtml(href)}">[Image: ${label}]</a>`;
    },
    code({ text, lang }: Tokens.Code) {
      const language = (lang ?? '').match(/^\S*/)?.[0] ?? '';
      const name = language
        ? `<span class="code-language">${escapeHtml(language)}</span>`
        : '<span class="code-language">code</span>';
      return (
        `<div class="code-block">` +
        `<div class="code-head">${name}` +
        `<button type="button" class="code-copy" data-copy-code="">Copy code</button></div>` +
        `<pre><code>${escapeHtml(text)}</code></pre></div>`
      );
    },
  },
});

const purifier = DOMPurify(window);
purifier.addHook('afterSanitizeAttributes', (node) => {
  // Code and tables scroll sideways when wide: keyboards must be able to reach them to scroll.
  if (node.tagName === 'PRE' || node.tagName === 'TABLE') {
    node.setAttribute('tabindex', '0');
  }
  if (node.tagName === 'A') {
    const href = node.getAttribute('href') ?? '';
    if (SAFE_LINK.test(href.trim())) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    } else {
      node.removeAttribute('href');
    }
  }
});

const SANITIZE = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'img', 'form', 'input', 'textarea', 'select', 'iframe', 'video', 'audio'],
  FORBID_ATTR: ['style', 'id', 'name', 'srcset'],
  ALLOW_DATA_ATTR: false,
  ADD_ATTR: ['target', 'data-copy-code', 'tabindex'],
};

/** Safe HTML for untrusted Markdown (also for a half-received answer). */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return purifier.sanitize(html, SANITIZE);
}
