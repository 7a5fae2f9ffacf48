// Pure presentation of images: one row per tag (dangling images as <none>), size, age, and how many containers use each.
import type { ContainerSummary, ImageSummary } from '../../../../app/model.js';
import { shortPlatform } from '../../../../app/parse/platform.js';
import { ago, bytes, shortId } from '../../lib/format.js';

export interface ImageRow {
  key: string;
  id: string;
  shortId: string;
  /** What to run or remove: `repo:tag`, or the id for a dangling image. */
  ref: string;
  repository: string;
  tag: string;
  size: string;
  created: string;
  createdAt: number;
  inUse: number;
  dangling: boolean;
  /** The architecture (`amd64`, `arm64/v8`), with the OS in front when it is not linux; '' until the core has read it. */
  platform: string;
}

/** Splits `host:5000/team/app:1.0` at the tag's colon (not the registry port's). */
export function splitTag(repoTag: string): { repository: string; tag: string } {
  const at = repoTag.lastIndexOf(':');
  if (at > repoTag.lastIndexOf('/')) return { repository: repoTag.slice(0, at), tag: repoTag.slice(at + 1) };
  return { repository: repoTag, tag: 'latest' };
}

export function imageRows(images: readonly ImageSummary[], containers: readonly ContainerSummary[], filter = '', now = Date.now()): ImageRow[] {
  const uses = new Map<string, number>();
  for (const c of containers) uses.set(c.imageId, (uses.get(c.imageId) ?? 0) + 1);
  const f = filter.trim().toLowerCase();
  const rows: ImageRow[] = [];
  for (const i of images) {
    const inUse = uses.get(i.id) ?? Math.max(0, i.containers);
    const platform = shortPlatform({ os: i.os, architecture: i.architecture, variant: i.variant });
    const base = { id: i.id, shortId: shortId(i.id), size: bytes(i.size), created: ago(i.created, now), createdAt: i.created, inUse, dangling: i.dangling, platform };
    const tags = i.repoTags.length > 0 ? i.repoTags : [undefined];
    for (const t of tags) {
      const { repository, tag } = t ? splitTag(t) : { repository: '<none>', tag: '<none>' };
      rows.push({ ...base, key: `${i.id}|${t ?? ''}`, ref: t ?? i.id, repository, tag });
    }
  }
  return rows
    .filter((r) => !f || f.split(/\s+/).every((w) => r.repository.toLowerCase().includes(w) || r.tag.toLowerCase().includes(w) || r.shortId.startsWith(w) || r.platform === w || r.platform.split('/').includes(w)))
    .sort((a, b) => a.repository.localeCompare(b.repository) || b.createdAt - a.createdAt || a.tag.localeCompare(b.tag));
}

export interface ImageDetails {
  env: string[];
  cmd: string;
  entrypoint: string;
  workdir: string;
  user: string;
  exposed: string[];
  labels: [string, string][];
  architecture: string;
  os: string;
  layers: number;
  size: number;
}

type J = Record<string, unknown>;
const o = (v: unknown): J => (v && typeof v === 'object' ? (v as J) : {});
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

export function imageDetails(j: J): ImageDetails {
  const c = o(j.Config);
  return {
    env: list(c.Env),
    cmd: list(c.Cmd).join(' '),
    entrypoint: list(c.Entrypoint).join(' '),
    workdir: typeof c.WorkingDir === 'string' && c.WorkingDir ? c.WorkingDir : '/',
    user: typeof c.User === 'string' && c.User ? c.User : 'root',
    exposed: Object.keys(o(c.ExposedPorts)).sort(),
    labels: Object.entries(o(c.Labels)).map(([k, v]) => [k, String(v)] as [string, string]),
    architecture: String(j.Architecture ?? ''),
    os: String(j.Os ?? ''),
    layers: list(o(j.RootFS).Layers).length,
    size: typeof j.Size === 'number' ? j.Size : 0,
  };
}
