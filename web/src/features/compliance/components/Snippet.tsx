import type { ReactNode } from 'react';
import type { ActivityResult } from '../api.ts';

/** The snippet's text with its search matches in <mark>, from the API's highlight offsets. */
export function Snippet({ snippet }: { snippet: ActivityResult['snippet'] }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const { start, end } of [...snippet.highlights].sort((a, b) => a.start - b.start)) {
    if (start < at || end <= start) {
      continue;
    }
    parts.push(
      snippet.text.slice(at, start),
      <mark key={start}>{snippet.text.slice(start, end)}</mark>,
    );
    at = end;
  }
  parts.push(snippet.text.slice(at));
  return <p className="snippet">{parts}</p>;
}
