// Placeholder while the page is written.
export function RunDialog(_props: Record<string, unknown>) {
  return <section className="page" aria-label="RunDialog"><div className="empty">Coming up.</div></section>;
}
