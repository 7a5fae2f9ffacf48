// Placeholder while the page is written.
export function VolumesPage(_props: Record<string, unknown>) {
  return <section className="page" aria-label="VolumesPage"><div className="empty">Coming up.</div></section>;
}
