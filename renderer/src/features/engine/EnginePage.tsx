// Placeholder while the page is written.
export function EnginePage(_props: Record<string, unknown>) {
  return <section className="page" aria-label="EnginePage"><div className="empty">Coming up.</div></section>;
}
