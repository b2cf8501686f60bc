import { useState } from 'react';

/** Copies `text` to the clipboard and says so (politely, for screen readers too). */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // Without clipboard access (http, permissions) the text is still there to select.
      setState('failed');
    }
  };
  return (
    <span className="copy-button">
      <button type="button" className="button-secondary" onClick={() => void copy()}>
        {label}
      </button>
      <span role="status" className="copy-status">
        {state === 'copied' ? 'Copied.' : state === 'failed' ? 'Select the text and copy it.' : ''}
      </span>
    </span>
  );
}
