import type { ReactNode } from 'react';

/**
 * A form's actions row: its submit button, disabled and relabelled while the request runs,
 * then any secondary actions (`children`).
 */
export function SubmitActions({
  label,
  pendingLabel,
  pending,
  disabled,
  className,
  children,
}: {
  label: string;
  pendingLabel: string;
  pending: boolean;
  disabled?: boolean;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <div className="actions">
      <button type="submit" className={className} disabled={pending || disabled}>
        {pending ? pendingLabel : label}
      </button>
      {children}
    </div>
  );
}
