// Create-volume form -> request, with errors on their field (pure).
export interface VolumeForm {
  name: string;
  driver: string;
  labels: { key: string; value: string }[];
  opts: { key: string; value: string }[];
}

export interface VolumeRequest {
  name?: string;
  driver: string;
  labels: Record<string, string>;
  driverOpts: Record<string, string>;
}

export function checkVolumeForm(f: VolumeForm): { req?: VolumeRequest; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = f.name.trim();
  if (name && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name)) errors.name = 'Use 2 or more letters, digits, "_", "." or "-", starting with a letter or digit';
  const driver = f.driver.trim() || 'local';
  if (/\s/.test(driver)) errors.driver = 'A driver name has no spaces';
  const kv = (rows: { key: string; value: string }[], field: string) => {
    const out: Record<string, string> = {};
    rows.forEach((r, i) => {
      if (!r.key.trim() && !r.value) return;
      if (!r.key.trim()) errors[`${field}.${i}`] = 'Name missing';
      else out[r.key.trim()] = r.value;
    });
    return out;
  };
  const labels = kv(f.labels, 'labels');
  const driverOpts = kv(f.opts, 'opts');
  if (Object.keys(errors).length) return { errors };
  return { req: { ...(name ? { name } : {}), driver, labels, driverOpts }, errors };
}
