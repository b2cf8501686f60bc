import { useId, useLayoutEffect, useRef, type RefObject } from 'react';
import { ACCEPTED_FILES, MAX_PROMPT_CHARS, type ChatFile } from '../api.ts';
import { FileChip } from './FileChip.tsx';
import { Icon } from './Icon.tsx';

export interface Upload {
  key: string;
  name: string;
  sizeBytes: number;
  /** Why the server did not take it (and what to do); absent while it uploads. */
  error?: string;
}

interface Props {
  textarea: RefObject<HTMLTextAreaElement | null>;
  draft: string;
  onDraft: (draft: string) => void;
  onSend: () => void;
  onStop: () => void;
  /** An answer is coming: Send becomes Stop (the box stays usable for the next message). */
  busy: boolean;
  disabled: boolean;
  agentName: string | undefined;
  /** Attached since the last question: they go with the next one. */
  files: ChatFile[];
  uploads: Upload[];
  onAttach: (files: File[]) => void;
  onRemoveFile: (file: ChatFile) => void;
  onDismissUpload: (key: string) => void;
}

// Past this many characters the box says how many are left.
const COUNT_FROM = MAX_PROMPT_CHARS - 2000;

/** The message box: Enter sends, Shift+Enter starts a new line; files attach to the next question. */
export function Composer({
  textarea,
  draft,
  onDraft,
  onSend,
  onStop,
  busy,
  disabled,
  agentName,
  files,
  uploads,
  onAttach,
  onRemoveFile,
  onDismissUpload,
}: Props) {
  const picker = useRef<HTMLInputElement>(null);
  const id = useId();
  const hintId = `${id}-hint`;
  const countId = `${id}-count`;
  const empty = draft.trim() === '';
  const tooLong = draft.length > MAX_PROMPT_CHARS;

  // The box grows with its text up to its CSS max-height, then scrolls.
  useLayoutEffect(() => {
    const element = textarea.current;
    if (element) {
      element.style.height = 'auto';
      element.style.height = `${element.scrollHeight + 2}px`;
    }
  }, [draft, textarea]);

  return (
    <form
      className="composer"
      aria-label="Send a message"
      onSubmit={(event) => {
        event.preventDefault();
        if (!busy && !empty && !tooLong) {
          onSend();
        }
      }}
    >
      {(files.length > 0 || uploads.length > 0) && (
        <ul className="file-chips composer-files" aria-label="Files for your next message">
          {files.map((file) => (
            <li key={file.id}>
              <FileChip
                name={file.name}
                sizeBytes={file.sizeBytes}
                onRemove={() => onRemoveFile(file)}
              />
            </li>
          ))}
          {uploads.map((upload) => (
            <li key={upload.key} className={upload.error ? 'file-chip-failed' : undefined}>
              {upload.error ? (
                <div className="notice notice-error upload-error" role="alert">
                  <span>{upload.error}</span>
                  <button
                    type="button"
                    className="button-quiet"
                    onClick={() => onDismissUpload(upload.key)}
                  >
                    Dismiss
                  </button>
                </div>
              ) : (
                <FileChip name={upload.name} sizeBytes={upload.sizeBytes} status="Uploading…" />
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="composer-box">
        <label htmlFor={id} className="visually-hidden">
          Message{agentName ? ` to ${agentName}` : ''}
        </label>
        <textarea
          id={id}
          ref={textarea}
          rows={1}
          value={draft}
          disabled={disabled}
          placeholder={agentName ? `Message ${agentName}` : 'Message'}
          aria-describedby={`${hintId}${draft.length > COUNT_FROM ? ` ${countId}` : ''}`}
          aria-invalid={tooLong || undefined}
          onChange={(event) => onDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && busy) {
              event.preventDefault();
              onStop();
              return;
            }
            if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              if (!busy && !empty && !tooLong) {
                onSend();
              }
            }
          }}
        />
        <div className="composer-actions">
          <input
            ref={picker}
            type="file"
            className="visually-hidden"
            tabIndex={-1}
            aria-hidden="true"
            multiple
            accept={ACCEPTED_FILES}
            onChange={(event) => {
              onAttach([...(event.target.files ?? [])]);
              event.target.value = '';
            }}
          />
          <button
            type="button"
            className="icon-button composer-attach"
            disabled={disabled}
            onClick={() => picker.current?.click()}
          >
            <Icon name="paperclip" />
            <span className="visually-hidden">Attach files</span>
          </button>
          {busy ? (
            <button type="button" className="button composer-send" onClick={onStop}>
              <Icon name="stop" filled /> Stop
              <span className="visually-hidden"> generating</span>
            </button>
          ) : (
            <button
              type="submit"
              className="button composer-send"
              disabled={disabled || empty || tooLong}
            >
              Send
            </button>
          )}
        </div>
      </div>
      <p id={hintId} className="composer-hint">
        Enter sends, Shift+Enter adds a line, Esc stops an answer. Files: text, Markdown, CSV, JSON,
        PDF or Word.
      </p>
      {draft.length > COUNT_FROM && (
        <p id={countId} className={tooLong ? 'composer-count field-error' : 'composer-count'}>
          {tooLong
            ? `${draft.length - MAX_PROMPT_CHARS} characters too long`
            : `${MAX_PROMPT_CHARS - draft.length} characters left`}
        </p>
      )}
    </form>
  );
}
