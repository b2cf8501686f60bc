/**
 * A table row's Edit and remove buttons, in their cell. `what` ends each button's accessible
 * name ("Edit the price of gpt-4o"), so a screen reader tells the rows apart.
 */
export function EditRemoveCell({
  what,
  removeLabel,
  removing,
  onEdit,
  onRemove,
}: {
  what: string;
  removeLabel: 'Remove' | 'Delete';
  removing: boolean;
  onEdit: () => void;
  onRemove: () => void;
}) {
  return (
    <td>
      <button type="button" className="button-secondary" onClick={onEdit}>
        Edit<span className="visually-hidden"> {what}</span>
      </button>{' '}
      <button type="button" className="button-secondary" disabled={removing} onClick={onRemove}>
        {removeLabel}
        <span className="visually-hidden"> {what}</span>
      </button>
    </td>
  );
}
