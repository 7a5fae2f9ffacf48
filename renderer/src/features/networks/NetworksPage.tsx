// Placeholder while the page is written.
export function NetworksPage(_props: Record<string, unknown>) {
  return <section className="page" aria-label="NetworksPage"><div className="empty">Coming up.</div></section>;
}
