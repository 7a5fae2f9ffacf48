// A dialog's footer: a note in the free space (what is under way), the button that closes it, and the one that does its work.

export interface DialogActionsProps {
  /** Said beside the buttons; nothing when absent or empty. */
  note?: string | undefined;
  onClose(): void;
  /** "Cancel" until the dialog holds something to read (a task started), then "Close". */
  closeWord?: 'Cancel' | 'Close';
  /** The button that does the work. */
  verb: string;
  onGo(): void;
  /** While the work runs, or when it cannot start. */
  disabled?: boolean;
}

export function DialogActions({ note, onClose, closeWord = 'Cancel', verb, onGo, disabled = false }: DialogActionsProps) {
  return (
    <>
      {note ? (
        <span className="muted" style={{ flex: 1 }}>
          {note}
        </span>
      ) : null}
      <button type="button" className="btn" onClick={onClose}>
        {closeWord}
      </button>
      <button type="button" className="btn primary" disabled={disabled} onClick={onGo}>
        {verb}
      </button>
    </>
  );
}
