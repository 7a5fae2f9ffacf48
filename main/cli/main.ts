// The `berth` command: serve (headless web UI), engines (every engine and its state), doctor (which engine, does it answer), version.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isBerthError } from '../../app/errors.js';
import { createCore, type CoreOptions } from '../core/api.js';
import { startServer } from '../server/server.js';
import { parseArgs } from './args.js';
import { doctor } from './doctor.js';
import { engineByName, enginesCommand } from './engines.js';
import { ENGINE_VALUED, engineArgs, engineCoreOptions, transportLines } from './engineArgs.js';
import { serveArgs } from './serveArgs.js';
import { vmCommand } from './vm.js';

const HELP = `berth — a desktop home for containers

Usage:
  berth serve [--port 0] [--endpoint unix:///var/run/docker.sock] [--token-file FILE] [--host 127.0.0.1 [--tls-cert FILE --tls-key FILE]]
              [--tlsverify [--tlscacert FILE] [--tlscert FILE] [--tlskey FILE]]
      Serve the Berth window to a browser on this machine. Prints a URL whose fragment (#token=…) carries the access
      token: the browser never sends a fragment to any server; the page keeps it in the tab and gives it to /api only.
      Listens on loopback. Wildcard hosts (0.0.0.0, ::) are refused; another address needs --tls-cert and --tls-key
      (HTTPS). From another machine, prefer \`ssh -L PORT:127.0.0.1:PORT this-host\` and the printed URL.
      A fixed token comes from BERTH_TOKEN or --token-file (never the command line), with at least 128 bits.
  berth serve --vm
      The same, with the engine in the Berth VM (booted now).
  berth serve --engine NAME
      The same, on an engine of \`berth engines\` by name (berth-vm boots the Berth VM).
  berth engines [--json] [--timeout SECONDS]
      Every engine Berth finds: DOCKER_HOST or the local socket ("default"), the Berth VM ("berth-vm"), each docker
      context (DOCKER_CONFIG or ~/.docker), and those added in the desktop app; each probed (/_ping, /version) at once,
      up with its version or down with why.
  berth vm start | status | shell
      Boot the Berth VM in the foreground (its engine at ~/.berth/run/docker.sock), show its state, or open a shell in it.
  berth doctor [--engine NAME | --endpoint URL] [--tlsverify [--tlscacert FILE] [--tlscert FILE] [--tlskey FILE]]
      Show which engine endpoint Berth uses, whether it answers, its version and drivers.

  A tcp:// engine is reached over TLS the docker way: DOCKER_TLS_VERIFY=1 with DOCKER_CERT_PATH (ca.pem, cert.pem,
  key.pem; default ~/.docker), or --tlsverify and docker's file flags. A plain tcp:// engine off this machine is
  unauthenticated: anyone on the network controls it, and Berth warns.
  berth version
`;

/** The built renderer, found next to the compiled CLI or in the source tree. */
export function rendererDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // Source runs (tsx) must not pick renderer/ (the unbuilt sources): the built folder comes first.
  for (const c of [resolve(here, '../../dist/renderer'), resolve(here, '../../renderer'), resolve(process.cwd(), 'dist/renderer')]) {
    if (existsSync(join(c, 'index.html'))) return c;
  }
  return resolve(process.cwd(), 'dist/renderer');
}

async function serve(argv: string[]): Promise<void> {
  const a = serveArgs(argv, process.env);
  const chosen = a.engine !== undefined ? await engineByName(a.engine, 'serve') : undefined;
  const base: CoreOptions = chosen ?? (a.endpoint || a.engineTls ? engineCoreOptions(a) : a.vm ? { vm: true, vmAutostart: true } : {});
  // The Berth VM is always at hand: where the engine does not answer, the window offers it in one click.
  const core = createCore(base.vm ? base : { ...base, vm: true, vmEngine: 'offer' });
  core.start();
  const server = await startServer({ core, host: a.host, port: a.port, staticDir: rendererDir(), ...(a.token ? { token: a.token } : {}), ...(a.tls ? { tls: a.tls } : {}) });
  if (a.remote) {
    process.stderr.write(`WARNING: --host ${a.host} makes Berth reachable beyond this machine (over HTTPS). Anyone with the URL controls your containers.\n`);
  }
  process.stdout.write(`Berth is serving the window at:\n  ${server.openUrl}\n`);
  process.stdout.write(`Engine: ${core.ctx.conn.endpoint.label} (${core.ctx.conn.endpoint.address})\n`);
  for (const line of transportLines(core.ctx.conn.endpoint)) process.stderr.write(`${line}\n`);
  const stop = () => {
    void Promise.all([core.shutdown(), server.close()]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'serve':
      await serve(rest);
      return -1; // keeps running
    case 'vm':
      return vmCommand(rest, (s) => process.stdout.write(s));
    case 'doctor': {
      const p = parseArgs(rest, new Set(ENGINE_VALUED));
      const a = engineArgs(p, process.env);
      return doctor(a, (s) => process.stdout.write(s), a.engine !== undefined ? await engineByName(a.engine, 'doctor') : undefined);
    }
    case 'engines':
      return enginesCommand(rest, (s) => process.stdout.write(s), (s) => process.stderr.write(s));
    case 'version':
    case '--version':
      process.stdout.write('berth 0.1.0\n');
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP);
      return 0;
    default:
      process.stderr.write(`Unknown command "${cmd}".\n\n${HELP}`);
      return 2;
  }
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (e: unknown) => {
      process.stderr.write(`berth: ${isBerthError(e) ? e.message : e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
