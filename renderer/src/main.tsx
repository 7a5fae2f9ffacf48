// Entry: connects to the core, binds its events to the store, and mounts the Berth window (or says how to open it with its token).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xterm/xterm/css/xterm.css';
import './styles.css';
import { App } from './features/frame/App.js';
import { RootBoundary } from './features/frame/ErrorBoundary.js';
import { bindStore } from './store/bind.js';
import { useStore } from './store/index.js';
import { connection, missingToken } from './transport/index.js';

const root = createRoot(document.getElementById('root') as HTMLElement);
if (missingToken()) {
  // `berth serve` answers /api only with the token the printed URL carries after `#token=`; without it nothing can load.
  root.render(
    <main className="empty" role="alert" aria-label="Access token needed">
      <h1>Berth needs its access token</h1>
      <p>
        Open the URL that <code>berth serve</code> printed (it ends in <code>#token=…</code>). This tab keeps the token until it is closed.
      </p>
    </main>,
  );
} else {
  bindStore(connection(), useStore);
  root.render(
    <StrictMode>
      <RootBoundary>
        <App />
      </RootBoundary>
    </StrictMode>,
  );
}
