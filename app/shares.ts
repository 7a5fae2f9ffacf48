// Host folders shared with the Berth VM: the defaults, whether a bind mount's host path is shared, and the one refusal message.

/** Absolute paths in the guest that a bind mount may name although they are not host folders: the VM's own. */
export const GUEST_OWN_PATHS = ['/var/run/docker.sock', '/run/docker.sock', '/var/lib/docker', '/proc', '/sys', '/dev', '/lib/modules', '/etc/localtime', '/run/udev'] as const;

/** The folders shared when the person has chosen none: where code and temp files live on each platform. */
export function defaultShares(host: { platform: string; home: string; tmp: string }): string[] {
  const out = [host.home, host.tmp];
  // On macOS /tmp is a link to /private/tmp and $TMPDIR lives under /var/folders (itself /private/var/folders).
  if (host.platform === 'darwin') out.push('/private/tmp', '/var/folders', '/private/var/folders');
  return dedupeShares(out.map(normalizeHostPath));
}

/** `/a//b/./c/../d/` -> `/a/b/d`: the form shares and bind sources are compared in (no file system access). */
export function normalizeHostPath(p: string): string {
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** Drops duplicates and folders inside another share (a share covers everything under it), keeping the order. */
export function dedupeShares(shares: string[]): string[] {
  const unique = [...new Set(shares)];
  return unique.filter((s) => !unique.some((outer) => outer !== s && within(s, outer)));
}

function within(path: string, folder: string): boolean {
  return folder === '/' || path === folder || path.startsWith(`${folder}/`);
}

/** The guest's own system folders: a share may be neither one of them, nor inside one, nor above one (it would hide it). */
const GUEST_SYSTEM = ['/bin', '/boot', '/dev', '/etc', '/lib', '/lib64', '/proc', '/run', '/sbin', '/sys', '/usr', '/var/lib', '/var/run', '/var/log', '/mnt/berth-data'];

/** Why a share cannot be added, or undefined when it can. */
export function shareProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return `"${path}" is not an absolute path; a shared folder is named from the root, like /Users/me/code.`;
  const p = normalizeHostPath(path);
  if (p === '/') return 'Sharing / would hide the VM\'s own system; share the folders you work in instead.';
  const clash = GUEST_SYSTEM.find((g) => within(p, g) || within(g, p));
  if (clash) return `${p} cannot be shared: it would hide or sit inside the VM's own ${clash}; share the folders you work in instead.`;
  if (path.includes(':') || /[\n\r\0]/.test(path)) return `"${path}" has a character a shared folder cannot have (":", a line break or NUL).`;
  return undefined;
}

/** The share that holds `hostPath`, or undefined. */
export function shareFor(hostPath: string, shares: readonly string[]): string | undefined {
  const p = normalizeHostPath(hostPath);
  return shares.map(normalizeHostPath).find((s) => within(p, s));
}

/** True when a bind of `hostPath` means the VM's own file (the engine socket, /proc …), not a host folder. */
export function isGuestOwnPath(hostPath: string): boolean {
  const p = normalizeHostPath(hostPath);
  return GUEST_OWN_PATHS.some((g) => within(p, g));
}

/** The one message for a bind mount outside every share: names the path and the fix, in the window and in the CLI. */
export function unsharedMessage(hostPath: string): string {
  return `${hostPath} is not shared with the Berth VM: add it under VM → File sharing`;
}

/** Host paths a container-create body binds (`HostConfig.Binds` "src:dst[:opts]" with an absolute src, `HostConfig.Mounts` of type bind). */
export function bindSourcesOfCreate(body: unknown): string[] {
  const hc = (body as { HostConfig?: { Binds?: unknown; Mounts?: unknown } } | null)?.HostConfig;
  const out: string[] = [];
  if (Array.isArray(hc?.Binds)) {
    for (const b of hc.Binds) {
      if (typeof b !== 'string') continue;
      const src = bindSource(b);
      if (src) out.push(src);
    }
  }
  if (Array.isArray(hc?.Mounts)) {
    for (const m of hc.Mounts as { Type?: unknown; Source?: unknown }[]) {
      if (m?.Type === 'bind' && typeof m.Source === 'string') out.push(m.Source);
    }
  }
  return out;
}

/** The source of a `Binds` entry when it is a host path (a Windows drive path, or absolute); undefined for a named volume. */
export function bindSource(bind: string): string | undefined {
  const drive = /^([A-Za-z]:[\\/][^:]*)(:|$)/.exec(bind);
  if (drive) return drive[1];
  const src = bind.split(':')[0] ?? '';
  return src.startsWith('/') ? src : undefined;
}

/** The first bind source that is neither in a share nor one of the VM's own paths, with the message to answer with. */
export function unsharedBind(sources: readonly string[], shares: readonly string[]): { path: string; message: string } | undefined {
  for (const path of sources) {
    if (!path.startsWith('/')) continue; // a Windows path here is the WSL backend's to translate, not to refuse
    if (shareFor(path, shares) || isGuestOwnPath(path)) continue;
    return { path, message: unsharedMessage(path) };
  }
  return undefined;
}

/** Host paths that running containers bind from inside the shares (the folders whose changes the guest must hear of). */
export function sharedBindSources(containers: readonly { Mounts?: readonly { Type?: string; Source?: string }[] }[], shares: readonly string[]): string[] {
  const out = new Set<string>();
  for (const c of containers) for (const m of c.Mounts ?? []) if (m.Type === 'bind' && m.Source && shareFor(m.Source, shares)) out.add(normalizeHostPath(m.Source));
  return [...out];
}

/**
 * Under WSL2 Windows drives are at /mnt/<drive>: `C:\Users\me\proj`, `C:/Users/me/proj` and `/c/Users/me/proj`
 * (Git Bash's form) all become `/mnt/c/Users/me/proj`. Anything else is returned unchanged.
 */
export function toWslPath(p: string): string {
  const win = /^([A-Za-z]):(?:[\\/](.*))?$/.exec(p);
  if (win?.[1]) return `/mnt/${win[1].toLowerCase()}${win[2] ? `/${win[2].replace(/\\/g, '/').replace(/\/+/g, '/').replace(/\/$/, '')}` : ''}`;
  const gitBash = /^\/([A-Za-z])(\/.*)?$/.exec(p);
  if (gitBash?.[1]) return `/mnt/${gitBash[1].toLowerCase()}${gitBash[2] ?? ''}`;
  return p;
}

/** A `Binds` entry with its host part in WSL form (`C:\src:/app:ro` -> `/mnt/c/src:/app:ro`); a named volume is unchanged. */
export function toWslBind(bind: string): string {
  const src = bindSource(bind);
  if (!src) return bind;
  return `${toWslPath(src)}${bind.slice(src.length)}`;
}

/** A create body with every Windows host path of a bind in WSL form (`HostConfig.Binds` and `Mounts` of type bind), or undefined when none needed it. */
export function toWslCreate(body: unknown): unknown {
  const hc = (body as { HostConfig?: { Binds?: unknown; Mounts?: unknown } } | null)?.HostConfig;
  if (!hc) return undefined;
  let changed = false;
  const binds = Array.isArray(hc.Binds)
    ? hc.Binds.map((b: unknown) => {
        if (typeof b !== 'string') return b;
        const t = toWslBind(b);
        changed ||= t !== b;
        return t;
      })
    : hc.Binds;
  const mounts = Array.isArray(hc.Mounts)
    ? hc.Mounts.map((m: unknown) => {
        const mm = m as { Type?: unknown; Source?: unknown } | null;
        if (mm?.Type !== 'bind' || typeof mm.Source !== 'string') return m;
        const t = toWslPath(mm.Source);
        if (t === mm.Source) return m;
        changed = true;
        return { ...mm, Source: t };
      })
    : hc.Mounts;
  if (!changed) return undefined;
  return { ...(body as object), HostConfig: { ...hc, ...(hc.Binds !== undefined ? { Binds: binds } : {}), ...(hc.Mounts !== undefined ? { Mounts: mounts } : {}) } };
}
