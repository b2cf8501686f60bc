import type { ReactNode } from 'react';

/**
 * A message about the last action: errors are announced at once (role=alert), successes
 * politely (role=status). Say what happened and what to do next.
 */
export function Notice({
  kind,
  children,
}: {
  kind: 'error' | 'success' | 'info';
  children: ReactNode;
}) {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
