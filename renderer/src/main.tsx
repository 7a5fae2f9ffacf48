// Entry: connects to the core, binds its events to the store, and mounts the Berth window.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xterm/xterm/css/xterm.css';
import './styles.css';
import { App } from './features/frame/App.js';
import { bindStore } from './store/bind.js';
import { useStore } from './store/index.js';
import { connection } from './transport/index.js';

bindStore(connection(), useStore);
createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
