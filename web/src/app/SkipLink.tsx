import type { MouseEvent } from 'react';

/**
 * The first stop of the keyboard: straight past the header to the page. It moves focus without
 * touching the URL, whose fragment may hold a link's token (/invite#token=…).
 */
export function SkipLink() {
  const skip = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    document.getElementById('main')?.focus();
  };
  return (
    <a className="skip-link" href="#main" onClick={skip}>
      Skip to content
    </a>
  );
}
