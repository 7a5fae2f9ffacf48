// Placeholder while the page is written.
export function ImagePage(_props: Record<string, unknown>) {
  return <section className="page" aria-label="ImagePage"><div className="empty">Coming up.</div></section>;
}
