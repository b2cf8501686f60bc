import { fileSize } from '../format.ts';
import { Icon } from './Icon.tsx';

/** A file's name and size; `onRemove` adds a button that removes it. */
export function FileChip({
  name,
  sizeBytes,
  status,
  onRemove,
}: {
  name: string;
  sizeBytes: number;
  status?: string;
  onRemove?: () => void;
}) {
  return (
    <span className="file-chip">
      <Icon name="file" />
      <span className="file-chip-name">{name}</span>
      <span className="file-chip-size">{fileSize(sizeBytes)}</span>
      {status && <span className="file-chip-status">{status}</span>}
      {onRemove && (
        <button type="button" className="file-chip-remove" onClick={onRemove}>
          <Icon name="close" />
          <span className="visually-hidden">Remove {name}</span>
        </button>
      )}
    </span>
  );
}
