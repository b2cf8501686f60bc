import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { applyStoredTheme } from './lib/theme.ts';
import { App } from './app/App.tsx';
import './styles.css';

// Before the first render, so a remembered dark theme does not flash light.
applyStoredTheme();

const root = document.getElementById('root');
if (!root) {
  throw new Error('index.html has no #root element');
}
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
