// Placeholder while the page is written.
export function ContainerPage(_props: Record<string, unknown>) {
  return <section className="page" aria-label="ContainerPage"><div className="empty">Coming up.</div></section>;
}
