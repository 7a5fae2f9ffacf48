// A state shown as colour plus word, never colour alone.
export function StateBadge({ state, word }: { state: string; word: string }) {
  return (
    <span className="state">
      <span className={`dot ${state}`} aria-hidden="true" />
      {word}
    </span>
  );
}
