// Where the window is: a small typed route kept in the URL hash (`#/containers/<id>/logs`), parsed and formatted purely.
/** `all`: the containers and images of every connected engine together. */
export type Page = 'containers' | 'images' | 'volumes' | 'networks' | 'all' | 'engine' | 'vm' | 'settings';
export const PAGES: readonly Page[] = ['containers', 'images', 'volumes', 'networks', 'all', 'engine', 'vm', 'settings'];

export const CONTAINER_TABS = ['logs', 'terminal', 'stats', 'inspect', 'processes', 'changes'] as const;
export type ContainerTab = (typeof CONTAINER_TABS)[number];

export type Route =
  | { page: Page }
  | { page: 'container'; id: string; tab: ContainerTab }
  | { page: 'image'; id: string };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [head, id, tab] = parts;
  if (head === 'containers' && id) {
    const t = CONTAINER_TABS.find((x) => x === tab) ?? 'logs';
    return { page: 'container', id, tab: t };
  }
  if (head === 'images' && id) return { page: 'image', id };
  const page = PAGES.find((p) => p === head);
  return { page: page ?? 'containers' };
}

export function formatRoute(r: Route): string {
  switch (r.page) {
    case 'container':
      return `#/containers/${encodeURIComponent(r.id)}/${r.tab}`;
    case 'image':
      return `#/images/${encodeURIComponent(r.id)}`;
    default:
      return `#/${r.page}`;
  }
}

/** The rail entry a route belongs to. */
export function railPage(r: Route): Page {
  if (r.page === 'container') return 'containers';
  if (r.page === 'image') return 'images';
  return r.page;
}
