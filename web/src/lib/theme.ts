import { useCallback, useSyncExternalStore } from 'react';

// Light and dark follow prefers-color-scheme (styles.css: color-scheme and light-dark()) until
// the person picks one; the pick is remembered and set as <html data-theme>.
export type Theme = 'light' | 'dark';
const STORAGE_KEY = 'airisk-theme';
const darkQuery = () => matchMedia('(prefers-color-scheme: dark)');

function storedTheme(): Theme | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : undefined;
  } catch {
    // Storage can be disabled; the system preference still applies.
    return undefined;
  }
}

// This page's pick, which holds even when storage is disabled and the pick is not remembered.
let picked: Theme | undefined;

function applyTheme(): void {
  const theme = picked ?? storedTheme();
  if (theme) {
    document.documentElement.dataset.theme = theme;
  } else {
    delete document.documentElement.dataset.theme;
  }
}

/** Applies the remembered pick; without one, the system's theme applies through CSS. */
export function applyStoredTheme(): void {
  applyTheme();
}

function currentTheme(): Theme {
  const applied = document.documentElement.dataset.theme;
  if (applied === 'light' || applied === 'dark') {
    return applied;
  }
  return darkQuery().matches ? 'dark' : 'light';
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const query = darkQuery();
  query.addEventListener('change', listener);
  return () => {
    listeners.delete(listener);
    query.removeEventListener('change', listener);
  };
}

/** The theme in effect and a toggle that remembers the other one. */
export function useTheme(): { theme: Theme; toggle: () => void } {
  const theme = useSyncExternalStore(subscribe, currentTheme);
  const toggle = useCallback(() => {
    const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered, but still applied for this page.
    }
    picked = next;
    applyTheme();
    listeners.forEach((listener) => listener());
  }, []);
  return { theme, toggle };
}
