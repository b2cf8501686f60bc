import { useTheme } from '../lib/theme.ts';

/** Switches between light and dark; the choice is remembered on this device. */
export function ThemeToggle() {
  const { theme, toggle } = useTheme();
  const other = theme === 'dark' ? 'light' : 'dark';
  return (
    <button type="button" className="button-quiet theme-toggle" onClick={toggle}>
      <span aria-hidden="true">{theme === 'dark' ? '☀' : '☾'}</span>
      <span className="visually-hidden"> Switch to</span>
      <span className="visually-hidden-narrow"> {other === 'dark' ? 'Dark' : 'Light'} theme</span>
    </button>
  );
}
