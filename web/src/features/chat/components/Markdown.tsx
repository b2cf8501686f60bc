import { useMemo, type MouseEvent } from 'react';
import { renderMarkdown } from '../markdown.ts';
import { copyText } from '../copy-text.ts';

/**
 * An answer's Markdown as sanitized HTML (markdown.ts: raw HTML escaped, then DOMPurify); its
 * code blocks' Copy buttons work by delegation, so no handler is ever written into the HTML.
 */
export function Markdown({ text }: { text: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-copy-code]');
    const code = button?.closest('.code-block')?.querySelector('code');
    if (!button || !code) {
      return;
    }
    void copyText(code.textContent ?? '').then((copied) => {
      button.textContent = copied ? 'Copied' : 'Copy failed';
      setTimeout(() => {
        button.textContent = 'Copy code';
      }, 2000);
    });
  };
  return (
    // The click handler only serves the code blocks' own <button>s, which keyboards reach.
    <div className="markdown" onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />
  );
}
