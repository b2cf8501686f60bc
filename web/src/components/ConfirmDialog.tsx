import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { errorMessage } from '../lib/errors.ts';

interface Props {
  title: string;
  confirmLabel: string;
  /** Shown on the confirm button while the action runs. */
  workingLabel?: string;
  children: ReactNode;
  /** Runs the action; a failure is shown in the dialog, which stays open. */
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/**
 * A modal question (the native <dialog>: focus moves in and is kept there, Escape cancels, and
 * focus returns to the button that opened it). Cancel is focused first: the safe choice.
 */
export function ConfirmDialog({
  title,
  confirmLabel,
  workingLabel = 'Working…',
  children,
  onConfirm,
  onClose,
}: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [working, setWorking] = useState(false);
  const [problem, setProblem] = useState<string>();
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const element = dialog.current;
    // The dialog is unmounted rather than closed by the user, so the browser does not give focus
    // back to the opener: do it here (when the opener is still on the page).
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    element?.showModal();
    return () => {
      element?.close();
      if (opener?.isConnected) {
        opener.focus();
      }
    };
  }, []);

  const confirm = async () => {
    setWorking(true);
    setProblem(undefined);
    try {
      await onConfirm();
    } catch (error) {
      setProblem(errorMessage(error));
      setWorking(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <p id={bodyId}>{children}</p>
      {problem && (
        <p className="notice notice-error" role="alert">
          {problem}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button-quiet" onClick={onClose} autoFocus>
          Cancel
        </button>
        <button
          type="button"
          className="button button-danger"
          disabled={working}
          onClick={() => void confirm()}
        >
          {working ? workingLabel : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
