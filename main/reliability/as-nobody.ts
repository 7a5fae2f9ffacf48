// Child process for the permission test: loads the core as root, drops to `nobody`, then asks the engine (EACCES on the socket).
import { createCore } from '../core/api.js';
import { configureLogging } from '../core/log.js';

configureLogging({ level: 'error' });
process.setgid?.('nogroup');
process.setuid?.('nobody');
const core = createCore({ endpointSetting: 'unix:///var/run/docker.sock', home: '/tmp' });
core.start();
setTimeout(() => {
  const list = core.handlers.containers?.list({ all: true }) ?? Promise.reject(new Error('no containers handlers'));
  void list
    .then(
      () => ({ ok: true }),
      (e: { code?: string; message?: string }) => ({ code: e.code, message: e.message }),
    )
    .then((r) => {
      process.stdout.write(`${JSON.stringify({ status: core.ctx.conn.getStatus(), request: r })}\n`);
      core.dispose();
      process.exit(0);
    });
}, 1500);
