import type { Location } from 'react-router';

/** /signin, coming back to `location` afterwards (the default page needs no `next`). */
export function signInPath(location: Pick<Location, 'pathname' | 'search'>): string {
  const next = location.pathname + location.search;
  return next === '/' || next.startsWith('/signin')
    ? '/signin'
    : `/signin?next=${encodeURIComponent(next)}`;
}
