// The window: rail, top bar, engine banner, the routed page and the dock (each in an error boundary), and the global dialogs, panels and notifications.
import { lazy, Suspense, useEffect } from 'react';
import { formatRoute, parseRoute, type Route } from '../../lib/route.js';
import { useStore } from '../../store/index.js';
import { ActivityPanel } from '../activity/ActivityPanel.js';
import { Toasts } from '../activity/Toasts.js';
import { ContainersPage } from '../containers/ContainersPage.js';
import { RemoveDialog } from '../containers/RemoveDialog.js';
import { Dock } from '../dock/Dock.js';
import { EngineBanner } from '../engine/EngineBanner.js';
import { PartBoundary } from './ErrorBoundary.js';
import { Palette } from './Palette.js';
import { Rail } from './Rail.js';
import { TopBar } from './TopBar.js';

const ContainerPage = lazy(() => import('../container/ContainerPage.js').then((m) => ({ default: m.ContainerPage })));
const ImagesPage = lazy(() => import('../images/ImagesPage.js').then((m) => ({ default: m.ImagesPage })));
const ImagePage = lazy(() => import('../images/ImagePage.js').then((m) => ({ default: m.ImagePage })));
const VolumesPage = lazy(() => import('../volumes/VolumesPage.js').then((m) => ({ default: m.VolumesPage })));
const NetworksPage = lazy(() => import('../networks/NetworksPage.js').then((m) => ({ default: m.NetworksPage })));
const AllEnginesPage = lazy(() => import('../engines/AllEnginesPage.js').then((m) => ({ default: m.AllEnginesPage })));
const EnginePage = lazy(() => import('../engine/EnginePage.js').then((m) => ({ default: m.EnginePage })));
const VmPage = lazy(() => import('../vm/VmPage.js').then((m) => ({ default: m.VmPage })));
const SettingsPage = lazy(() => import('../settings/SettingsPage.js').then((m) => ({ default: m.SettingsPage })));
const RunDialog = lazy(() => import('../run/RunDialog.js').then((m) => ({ default: m.RunDialog })));

function Routed() {
  const route = useStore((s) => s.route);
  switch (route.page) {
    case 'containers':
      return <ContainersPage />;
    case 'container':
      return <ContainerPage id={route.id} tab={route.tab} />;
    case 'images':
      return <ImagesPage />;
    case 'image':
      return <ImagePage id={route.id} />;
    case 'volumes':
      return <VolumesPage />;
    case 'networks':
      return <NetworksPage />;
    case 'all':
      return <AllEnginesPage />;
    case 'engine':
      return <EnginePage />;
    case 'vm':
      return <VmPage />;
    case 'settings':
      return <SettingsPage />;
  }
}

const PAGE_NAMES: Record<Route['page'], string> = {
  containers: 'Containers page',
  container: 'container page',
  images: 'Images page',
  image: 'image page',
  volumes: 'Volumes page',
  networks: 'Networks page',
  all: 'All engines page',
  engine: 'Engine page',
  vm: 'VM page',
  settings: 'Settings page',
};

/** The routed page inside its own error boundary: a page that fails says so and can be reloaded; the rail and top bar stay. */
function Page() {
  const route = useStore((s) => s.route);
  return (
    <PartBoundary what={PAGE_NAMES[route.page]} resetKey={formatRoute(route)}>
      <Suspense fallback={<div className="empty">Loading the page…</div>}>
        <Routed />
      </Suspense>
    </PartBoundary>
  );
}

/** The stored theme (desktop), applied live; 'system' follows the OS through the stylesheet's media query. */
function useTheme() {
  const theme = useStore((s) => s.settings?.theme ?? 'system');
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}

function useHashRoute() {
  useEffect(() => {
    const sync = () => useStore.getState().routeFromUrl(parseRoute(window.location.hash));
    sync();
    window.addEventListener('popstate', sync);
    window.addEventListener('hashchange', sync);
    return () => {
      window.removeEventListener('popstate', sync);
      window.removeEventListener('hashchange', sync);
    };
  }, []);
}

function usePaletteKey() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        useStore.getState().togglePalette();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function App() {
  useHashRoute();
  usePaletteKey();
  useTheme();
  const runOpen = useStore((s) => s.runDialog !== undefined);
  const dockFull = useStore((s) => s.dockMode === 'full');
  return (
    <div className="frame">
      <Rail />
      <div className={`main${dockFull ? ' dock-full' : ''}`}>
        <TopBar />
        <EngineBanner />
        <main style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }} hidden={dockFull}>
          <Page />
        </main>
        <PartBoundary what="dock" resetKey="dock">
          <Dock />
        </PartBoundary>
      </div>
      <ActivityPanel />
      <RemoveDialog />
      {runOpen ? (
        <Suspense fallback={null}>
          <RunDialog />
        </Suspense>
      ) : null}
      <Palette />
      <Toasts />
    </div>
  );
}
