// `berth doctor`: which endpoint is used, whether it answers, its version and drivers — or why not and how to fix it.
import { createCore, type CoreOptions } from '../core/api.js';
import { configureLogging } from '../core/log.js';
import { engineCoreOptions, transportLines, type EngineArgs } from './engineArgs.js';

/** `chosen`: the engine `--engine NAME` named, already resolved (else the flags, the setting or DOCKER_HOST). */
export async function doctor(engine: EngineArgs, out: (s: string) => void, chosen?: Pick<CoreOptions, 'endpoint'>): Promise<number> {
  configureLogging({ level: 'error' });
  const core = createCore(chosen ?? engineCoreOptions(engine));
  if (engine.engine !== undefined) out(`Engine name: ${engine.engine}\n`);
  const ep = core.ctx.conn.endpoint;
  out(`Endpoint: ${ep.label} (${ep.kind} ${ep.address})\n`);
  for (const line of transportLines(ep)) out(`${line}\n`);
  core.start();
  try {
    await core.ready(5000);
  } catch {
    const s = core.ctx.conn.getStatus();
    out(`Engine:   NOT ANSWERING\n  ${s.reason ?? 'no answer'}\n`);
    if (s.error?.detail) out(`  (${s.error.detail})\n`);
    core.dispose();
    return 1;
  }
  try {
    const h = core.handlers.engine;
    if (!h) throw new Error('engine handlers missing');
    const [v, i] = await Promise.all([h.version(undefined), h.info(undefined)]);
    out(`Engine:   answering — Docker ${v.version} (API ${v.apiVersion}), ${v.os}/${v.arch}\n`);
    out(`Kernel:   ${i.kernelVersion}  (${i.operatingSystem})\n`);
    out(`Storage:  ${i.storageDriver}\nLogging:  ${i.loggingDriver}\nCgroups:  ${i.cgroupDriver} v${i.cgroupVersion}\n`);
    out(`Security: ${i.securityOptions.map((s) => s.replace(/^name=/, '')).join(', ') || 'none'}\n`);
    out(`Objects:  ${i.containers} containers (${i.containersRunning} running), ${i.images} images\n`);
    return 0;
  } finally {
    core.dispose();
  }
}
