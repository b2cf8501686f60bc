const sameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();

/** "14:05" today, "5 Dec" this year, "5 Dec 2025" before. */
export function shortDate(iso: string): string {
  const date = new Date(iso);
  const now = new Date();
  if (sameDay(date, now)) {
    return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  }
  return date.toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    ...(date.getFullYear() !== now.getFullYear() && { year: 'numeric' }),
  });
}

/** "12 KB", "3.4 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} bytes`;
  }
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Newest-first items in runs by age: Today, Yesterday, Previous 7 days, then by month. */
export function groupByAge<T extends { updatedAt: string }>(
  items: readonly T[],
  now = new Date(),
): [string, T[]][] {
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const groups: [string, T[]][] = [];
  for (const item of items) {
    const at = new Date(item.updatedAt);
    const age =
      at.getTime() >= today
        ? 'Today'
        : at.getTime() >= today - DAY_MS
          ? 'Yesterday'
          : at.getTime() >= today - 7 * DAY_MS
            ? 'Previous 7 days'
            : at.toLocaleDateString(undefined, {
                month: 'long',
                ...(at.getFullYear() !== now.getFullYear() && { year: 'numeric' }),
              });
    const last = groups[groups.length - 1];
    if (last && last[0] === age) {
      last[1].push(item);
    } else {
      groups.push([age, [item]]);
    }
  }
  return groups;
}
