// Shows an inspect result as formatted JSON in a dialog, with copy (bidi and other hidden characters shown, not obeyed).
import { Dialog } from './Dialog.js';
import { visible } from '../lib/visible.js';

export function JsonDialog({ title, json, onClose, onCopy }: { title: string; json: unknown; onClose(): void; onCopy(text: string): void }) {
  const text = JSON.stringify(json, null, 2);
  return (
    <Dialog
      title={title}
      wide
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={() => onCopy(text)}>Copy JSON</button>
          <button type="button" className="btn" onClick={onClose}>Close</button>
        </>
      }
    >
      <pre className="json mono" aria-label={`${title} JSON`}>{visible(text, { keepWhitespace: true })}</pre>
    </Dialog>
  );
}
