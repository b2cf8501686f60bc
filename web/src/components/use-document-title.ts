import { useEffect } from 'react';

/** Names the page in the tab and for screen readers: "Account · AIRisk". */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · AIRisk`;
  }, [title]);
}
