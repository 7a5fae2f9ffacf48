// Benchmark 7: port forwarding — bytes/s host->container through Berth's forwarder (containers.publish) vs direct loopback, the bridge and docker-proxy.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { withCore } from './lib/core.js';
import { BENCH_TAG, benchName, BUSYBOX, docker, dockerCli } from './lib/docker.js';
import { cpuSeconds } from './lib/serve.js';
import { figure, summarize } from './lib/stats.js';
import type { Bench } from './lib/types.js';

const CHUNK = Buffer.alloc(256 * 1024, 'berth-bench ');

/** Sends `bytes` to host:port, half-closes, and waits for the far end to close; resolves with Gbit/s. */
export function send(host: string, port: number, bytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let left = bytes;
    const s = connect({ host, port, allowHalfOpen: true });
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`transfer to ${host}:${port} did not finish in 120 s`));
    }, 120_000);
    const pump = () => {
      while (left > 0) {
        const part = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
        left -= part.length;
        if (!s.write(part)) {
          s.once('drain', pump);
          return;
        }
      }
      s.end();
    };
    s.once('connect', pump);
    s.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    s.resume();
    s.on('close', () => {
      clearTimeout(timer);
      if (left > 0) reject(new Error(`connection to ${host}:${port} closed with ${left} bytes unsent`));
      else resolve((bytes * 8) / 1e9 / ((performance.now() - t0) / 1000));
    });
  });
}

/** A sink on host loopback in its own Node process: reads and discards, closes when the sender is done. */
function loopbackSink(): Promise<{ port: number; child: ChildProcess }> {
  const code = `const s=require('net').createServer({allowHalfOpen:true},(c)=>{c.resume();c.on('end',()=>c.end());});s.listen(0,'127.0.0.1',()=>console.log(s.address().port));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (b: Buffer) => resolve({ port: Number(b.toString().trim()), child }));
    child.once('exit', (c) => reject(new Error(`loopback sink exited ${c}`)));
  });
}

/** The pid of the docker-proxy serving a host port, found by its command line. */
function dockerProxyPid(hostPort: number): number | undefined {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (cmd[0]?.endsWith('docker-proxy') && cmd.includes(String(hostPort)) && cmd.includes('tcp')) return Number(d);
    } catch {
      /* raced with an exiting process */
    }
  }
  return undefined;
}

export const forwardBench: Bench = {
  n: 7,
  name: 'Port forwarding',
  async run(opts) {
    const bytes = (opts.quick ? 1 : 512) * 1024 * 1024;
    const repeats = opts.quick ? 2 : 5;
    const name = benchName('fwd');
    // busybox nc forks `cat >/dev/null` per connection; it exits at the sender's EOF, which closes the connection.
    await dockerCli(['run', '-d', '--label', BENCH_TAG, '--name', name, '-p', '127.0.0.1::5000', BUSYBOX, 'nc', '-ll', '-p', '5000', '-e', 'sh', '-c', 'cat >/dev/null']);
    const sink = await loopbackSink();
    try {
      const info = await docker.getContainer(name).inspect();
      const ip = Object.values(info.NetworkSettings.Networks).find((n) => n.IPAddress)?.IPAddress;
      if (!ip) throw new Error(`container ${name} has no IP address`);
      const proxyPort = Number(info.NetworkSettings.Ports['5000/tcp']?.[0]?.HostPort);
      const run = await withCore(opts, 'forward', async (served, client) => {
        const pub = await client.containers.publish({ id: name, containerPort: 5000 });
        const r = { berth: [] as number[], loop: [] as number[], direct: [] as number[], proxy: [] as number[], berthCpu: 0, proxyCpu: 0 };
        const proxyPid = dockerProxyPid(proxyPort);
        // Berth's forwarder: the core itself, plus the docker-proxy it started when it uses one.
        const berthProxy = dockerProxyPid(pub.hostPort);
        const cpu = (pid: number | undefined) => (pid ? cpuSeconds(pid) : NaN);
        const berthCpu = () => cpu(served.pid) + (berthProxy ? cpu(berthProxy) : 0);
        for (let i = -1; i < repeats; i++) {
          const c0 = berthCpu();
          const b = await send('127.0.0.1', pub.hostPort, bytes);
          const c1 = berthCpu();
          const l = await send('127.0.0.1', sink.port, bytes);
          const d = await send(ip, 5000, bytes);
          const p0 = cpu(proxyPid);
          const p = await send('127.0.0.1', proxyPort, bytes);
          const p1 = cpu(proxyPid);
          if (i < 0) continue; // warm-up
          r.berth.push(b);
          r.loop.push(l);
          r.direct.push(d);
          r.proxy.push(p);
          r.berthCpu += c1 - c0;
          r.proxyCpu += p1 - p0;
        }
        return { ...r, via: berthProxy ? 'docker-proxy started by the core' : 'the Node forwarder in the core' };
      });
      // The core's fallback when docker-proxy is not installed: its Node forwarder, same transfer.
      const fallback = await withCore(
        opts,
        'forward-node',
        async (served, client) => {
          const pub = await client.containers.publish({ id: name, containerPort: 5000 });
          const out: number[] = [];
          let used = 0;
          for (let i = -1; i < repeats; i++) {
            const c0 = cpuSeconds(served.pid);
            const g = await send('127.0.0.1', pub.hostPort, bytes);
            if (i < 0) continue;
            out.push(g);
            used += cpuSeconds(served.pid) - c0;
          }
          return { out, used };
        },
        { BERTH_NO_DOCKER_PROXY: '1' },
      );
      const v = run.value;
      const direct = summarize(v.direct);
      const berth = summarize(v.berth);
      // A port published on the Berth VM against the guest network's own ceiling, when the VM suite is on.
      const vmFigures = process.env.BERTH_VM_TESTS === '1' ? [await (await import('./vm-costs.js')).vmForwardFigure(opts)] : [];
      return {
        status: 'ran',
        figures: [
          figure({
            id: '7.forward',
            title: `${bytes / 2 ** 20} MiB host -> container through Berth's forwarder (containers.publish)`,
            unit: 'Gbit/s',
            better: 'higher',
            berth,
            reference: { label: 'the same transfer on host loopback (Node sink)', summary: summarize(v.loop) },
            ratioTarget: { min: 0.5, text: '>= 0.5x loopback' },
            extra: {
              'direct to the container over the bridge (no forwarder; same sink)': direct,
              "docker's own published port (docker-proxy)": summarize(v.proxy),
              'Berth / direct-to-container (x)': berth.median / direct.median,
              "Berth's forwarder here": v.via,
              'CPU seconds per GiB forwarded: Berth (s)': (v.berthCpu / (repeats * bytes)) * 2 ** 30,
              "CPU seconds per GiB forwarded: docker's docker-proxy (s)": (v.proxyCpu / (repeats * bytes)) * 2 ** 30,
              'the core\'s Node forwarder (BERTH_NO_DOCKER_PROXY=1, the fallback)': summarize(fallback.value.out),
              'CPU seconds per GiB forwarded: Node forwarder (s)': (fallback.value.used / (repeats * bytes)) * 2 ** 30,
            },
            notes: ['The sink in the container is busybox `cat >/dev/null` forked by nc, so the bridge figure is the ceiling any forwarder to this container can reach.'],
          }),
          ...vmFigures,
        ],
        ...(run.profile ? { profile: run.profile } : {}),
      };
    } finally {
      sink.child.kill();
      await docker.getContainer(name).remove({ force: true }).catch(() => undefined);
    }
  },
};
