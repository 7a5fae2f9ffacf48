// Every RunSpec option, proved by inspecting the container the real engine created.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../../app/api.js';
import { RunSpec, type RunSpecInput } from '../../../app/runspec.js';
import type { Core } from '../api.js';
import { BUSYBOX, TEST_LABEL, cleanupTestObjects, startCore, uniqueName } from '../testing/engine.js';
import { createContainerHandlers } from './containers.js';

let core: Core;
let h: ReturnType<typeof createContainerHandlers>;
let dir: string;
const labels = { [TEST_LABEL]: '1' };

beforeAll(async () => {
  core = await startCore();
  h = createContainerHandlers(core.ctx);
  dir = await mkdtemp(join(tmpdir(), 'berth-run-'));
});

afterAll(async () => {
  await cleanupTestObjects(core.ctx.docker);
  core.dispose();
  await rm(dir, { recursive: true, force: true });
});

const spec = (s: Partial<RunSpecInput>) => RunSpec.parse({ image: BUSYBOX, command: ['sleep', '3600'], ...s, labels: { ...labels, ...s.labels } });
const inspect = async (r: RunResult) => (await core.ctx.docker.getContainer(r.id).inspect()) as Docker.ContainerInspectInfo & { HostConfig: Record<string, unknown> };

describe('RunSpec -> created container (inspect)', () => {
  it('name, image, command, default log rotation, no auto-remove', async () => {
    const name = uniqueName('basic');
    const r = await h.run(spec({ name }));
    expect(r.name).toBe(name);
    const i = await inspect(r);
    expect(i.Name).toBe(`/${name}`);
    expect(i.Config.Image).toBe(BUSYBOX);
    expect(i.Config.Cmd).toEqual(['sleep', '3600']);
    expect(i.State.Running).toBe(true);
    expect(i.HostConfig.LogConfig).toEqual({ Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } });
    expect(i.HostConfig.AutoRemove).toBe(false);
  });

  it('memory, memory-swap (bytes), cpu-shares, cpus', async () => {
    const r = await h.run(spec({ memory: 64 * 1024 * 1024, memorySwap: 128 * 1024 * 1024, cpuShares: 512, cpus: 0.5 }));
    const i = await inspect(r);
    expect(i.HostConfig.Memory).toBe(67108864);
    expect(i.HostConfig.MemorySwap).toBe(134217728);
    expect(i.HostConfig.CpuShares).toBe(512);
    expect(i.HostConfig.NanoCpus).toBe(500_000_000);
  });

  it('port bindings: ip, fixed, dynamic, udp, ranges; publish-all', async () => {
    const r = await h.create(spec({
      ports: [
        { hostIp: '127.0.0.1', hostPort: 38081, containerPort: 80 },
        { hostIp: '127.0.0.1', containerPort: 81 },
        { hostIp: '127.0.0.1', hostPort: 38090, hostPortEnd: 38091, containerPort: 90, containerPortEnd: 91, protocol: 'udp' },
      ],
      publishAll: true,
    }));
    const i = await inspect(r);
    expect(i.HostConfig.PortBindings).toEqual({
      '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '38081' }],
      '81/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
      '90/udp': [{ HostIp: '127.0.0.1', HostPort: '38090' }],
      '91/udp': [{ HostIp: '127.0.0.1', HostPort: '38091' }],
    });
    expect(i.HostConfig.PublishAllPorts).toBe(true);
    expect(Object.keys(i.Config.ExposedPorts ?? {}).sort()).toEqual(['80/tcp', '81/tcp', '90/udp', '91/udp']);
    expect(r.ports).toContainEqual({ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 38081 });
    expect(r.ports).toContainEqual({ containerPort: 81, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 0 });
  });

  it('auto-remove, tty, interactive (-ti), entrypoint', async () => {
    const r = await h.create(spec({ autoRemove: true, tty: true, interactive: true, entrypoint: ['sh', '-c'], command: ['sleep 5'] }));
    const i = await inspect(r);
    expect(i.HostConfig.AutoRemove).toBe(true);
    expect(i.Config.Tty).toBe(true);
    expect(i.Config.OpenStdin).toBe(true);
    expect(i.Config.StdinOnce).toBe(true);
    expect(i.Config.AttachStdin).toBe(true);
    expect(i.Config.Entrypoint).toEqual(['sh', '-c']);
    expect(i.Config.Cmd).toEqual(['sleep 5']);
  });

  it('pid, ipc, uts and userns modes (host and container:<name>)', async () => {
    const a = await h.run(spec({ pidMode: 'host', ipcMode: 'shareable', utsMode: 'host', usernsMode: 'host' }));
    const ia = await inspect(a);
    expect(ia.HostConfig).toMatchObject({ PidMode: 'host', IpcMode: 'shareable', UTSMode: 'host', UsernsMode: 'host' });
    const b = await h.run(spec({ pidMode: `container:${a.name}`, ipcMode: `container:${a.name}`, network: `container:${a.name}` }));
    const ib = await inspect(b);
    // The engine stores the shared container by id.
    expect(ib.HostConfig).toMatchObject({ PidMode: `container:${a.id}`, IpcMode: `container:${a.id}`, NetworkMode: `container:${a.id}` });
    expect(ib.State.Running).toBe(true);
  });

  it('log driver and options, restart policy', async () => {
    const r = await h.run(spec({ log: { driver: 'json-file', options: { 'max-size': '1m', 'max-file': '2' } }, restart: { name: 'on-failure', maximumRetryCount: 4 } }));
    const i = await inspect(r);
    expect(i.HostConfig.LogConfig).toEqual({ Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '2' } });
    expect(i.HostConfig.RestartPolicy).toEqual({ Name: 'on-failure', MaximumRetryCount: 4 });
    const n = await h.create(spec({ log: { driver: 'none', options: {} }, restart: { name: 'unless-stopped' } }));
    const j = await inspect(n);
    expect(j.HostConfig.LogConfig).toEqual({ Type: 'none', Config: {} });
    expect((j.HostConfig.RestartPolicy as { Name: string }).Name).toBe('unless-stopped');
  });

  it('env and env files (read on the host), in docker order', async () => {
    const file = join(dir, 'app.env');
    await writeFile(file, '# comment\nFROM_FILE=yes\nOVERRIDE=file\nBERTH_TEST_INHERITED\n');
    process.env.BERTH_TEST_INHERITED = 'from-host';
    const r = await h.run(spec({ envFiles: [file], env: ['OVERRIDE=cli', 'PLAIN=1'] }));
    const env = (await inspect(r)).Config.Env;
    expect(env).toEqual(expect.arrayContaining(['FROM_FILE=yes', 'BERTH_TEST_INHERITED=from-host', 'PLAIN=1', 'OVERRIDE=cli']));
    const exec = await core.ctx.docker.getContainer(r.id).exec({ Cmd: ['sh', '-c', 'echo $OVERRIDE'], AttachStdout: true });
    const out = await new Promise<string>((resolve) => {
      void exec.start({}).then((s: NodeJS.ReadableStream) => {
        let t = '';
        s.on('data', (d: Buffer) => (t += d.toString('latin1')));
        s.on('end', () => resolve(t));
      });
    });
    expect(out).toContain('cli');
  });

  it('binds, named and anonymous volumes, tmpfs', async () => {
    const vol = uniqueName('vol');
    await core.ctx.docker.createVolume({ Name: vol, Labels: labels });
    await writeFile(join(dir, 'hello.txt'), 'from host');
    const r = await h.run(spec({
      mounts: [
        { type: 'bind', source: dir, target: '/host', readOnly: true },
        { type: 'volume', source: vol, target: '/named' },
        { type: 'volume', target: '/anon' },
        { type: 'tmpfs', target: '/scratch' },
      ],
    }));
    const i = await inspect(r);
    expect(i.HostConfig.Binds).toEqual([`${dir}:/host:ro`]);
    const mounts = i.Mounts as { Type: string; Destination: string; Name?: string; RW: boolean; Source: string }[];
    expect(mounts.find((m) => m.Destination === '/host')).toMatchObject({ Type: 'bind', Source: dir, RW: false });
    expect(mounts.find((m) => m.Destination === '/named')).toMatchObject({ Type: 'volume', Name: vol, RW: true });
    expect(mounts.find((m) => m.Destination === '/anon')).toMatchObject({ Type: 'volume' });
    expect(mounts.find((m) => m.Destination === '/scratch')).toMatchObject({ Type: 'tmpfs' });
    // The list's summary names the named volumes (the anonymous one by its generated name), not binds or tmpfs.
    const listed = (await h.list({ all: true })).find((c) => c.id === i.Id);
    const anon = mounts.find((m) => m.Destination === '/anon')?.Name;
    expect([...(listed?.volumes ?? [])].sort()).toEqual([vol, anon].sort());
  });

  it('user network with aliases', async () => {
    const net = uniqueName('net');
    await core.ctx.docker.createNetwork({ Name: net, Labels: labels });
    const r = await h.run(spec({ network: net, networkAliases: ['db', 'cache'] }));
    const i = await inspect(r);
    expect(i.HostConfig.NetworkMode).toBe(net);
    expect(i.NetworkSettings.Networks[net]?.Aliases).toEqual(expect.arrayContaining(['db', 'cache']));
  });

  it('hostname, workdir, user, labels, privileged, caps', async () => {
    const r = await h.run(spec({
      hostname: 'berthbox',
      workdir: '/tmp',
      user: '65534:65534',
      labels: { 'com.example.role': 'web' },
      privileged: true,
      capAdd: ['NET_ADMIN'],
      capDrop: ['MKNOD'],
    }));
    const i = await inspect(r);
    expect(i.Config.Hostname).toBe('berthbox');
    expect(i.Config.WorkingDir).toBe('/tmp');
    expect(i.Config.User).toBe('65534:65534');
    expect(i.Config.Labels).toMatchObject({ 'com.example.role': 'web', [TEST_LABEL]: '1' });
    expect(i.HostConfig.Privileged).toBe(true);
    expect(i.HostConfig.CapAdd).toEqual(['NET_ADMIN']);
    expect(i.HostConfig.CapDrop).toEqual(['MKNOD']);
  });

  it('create only leaves the container created, not started', async () => {
    const r = await h.create(spec({}));
    const i = await inspect(r);
    expect(i.State.Status).toBe('created');
    expect(r.warnings).toEqual([]);
  });
});
