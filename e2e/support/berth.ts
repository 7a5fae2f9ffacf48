// The URL `berth serve` printed (its token in the `#token=…` fragment), handed from the global setup to the specs.
export function berthUrl(): string {
  const url = process.env.BERTH_URL;
  if (!url) throw new Error('BERTH_URL is not set: the global setup did not start berth serve');
  return url;
}
