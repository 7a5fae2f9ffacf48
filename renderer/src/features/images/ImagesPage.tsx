// Placeholder while the page is written.
export function ImagesPage(_props: Record<string, unknown>) {
  return <section className="page" aria-label="ImagesPage"><div className="empty">Coming up.</div></section>;
}
