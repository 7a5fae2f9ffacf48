// Integration: networks on the real dockerd — CRUD, IPAM, conflicts, connect/disconnect, and reaching a server by name.
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BerthError } from '../../../app/errors.js';
import type { Core } from '../api.js';
import { BUSYBOX, cleanupTestObjects, startCore, TEST_LABEL, uniqueName } from '../testing/engine.js';
import { createNetworkHandlers } from './networks.js';

const docker = new Docker();
let core: Core;
let h: ReturnType<typeof createNetworkHandlers>;
const labels = { [TEST_LABEL]: '1' };
const err = (p: Promise<unknown>) => p.then(() => undefined, (e: BerthError) => e);
/** A /24 unlikely to clash with other tests running on this engine. */
const subnet = () => `10.${200 + (process.pid % 50)}.${Math.floor(Math.random() * 250)}.0/24`;

beforeAll(async () => {
  core = await startCore();
  h = createNetworkHandlers(core.ctx);
});
afterAll(async () => {
  await cleanupTestObjects(docker);
  core?.dispose();
});

/** Runs `sh -c script` in a busybox on `network` to its end; gives the exit code and output. */
async function runOn(network: string, script: string): Promise<{ code: number; out: string }> {
  const c = await docker.createContainer({ name: uniqueName('client'), Image: BUSYBOX, Cmd: ['sh', '-c', script], Labels: labels, HostConfig: { NetworkMode: network } });
  await c.start();
  const { StatusCode } = (await c.wait()) as { StatusCode: number };
  const logs = (await c.logs({ stdout: true, stderr: true })) as Buffer;
  await c.remove({ force: true });
  // Strip the 8-byte multiplexing headers of a non-TTY log stream.
  let out = '';
  for (let i = 0; i + 8 <= logs.length; ) {
    const len = logs.readUInt32BE(i + 4);
    out += logs.subarray(i + 8, i + 8 + len).toString();
    i += 8 + len;
  }
  return { code: StatusCode, out };
}

async function webServer(name: string, network: string) {
  const c = await docker.createContainer({ name, Image: BUSYBOX, Cmd: ['httpd', '-f', '-p', '80', '-h', '/www'], Labels: labels, HostConfig: { NetworkMode: network } });
  await c.start();
  return c;
}

const fetchScript = (host: string) => `for i in $(seq 1 30); do wget -qO- http://${host}/ && exit 0; sleep 0.2; done; exit 1`;

describe('networks', () => {
  it('creates a bridge with subnet and gateway, inspects it, refuses a duplicate name, removes it', async () => {
    const name = uniqueName('net');
    const sn = subnet();
    const gw = sn.replace(/0\/24$/, '1');
    const n = await h.create({ name, driver: 'bridge', internal: false, subnet: sn, gateway: gw, labels });
    expect(n).toMatchObject({ name, driver: 'bridge', internal: false, subnets: [sn], labels });
    const info = (await h.inspect({ id: name })) as { IPAM: { Config: { Subnet: string; Gateway: string }[] } };
    expect(info.IPAM.Config[0]).toMatchObject({ Subnet: sn, Gateway: gw });
    expect((await err(h.create({ name, driver: 'bridge', internal: false, labels })))?.code).toBe('NAME_CONFLICT');
    expect((await err(h.create({ name: uniqueName('overlap'), driver: 'bridge', internal: false, subnet: sn, labels })))?.code).toBe('CONFLICT');
    await h.remove({ id: n.id });
    expect((await err(h.inspect({ id: name })))?.code).toBe('NOT_FOUND');
  });

  it('validates input: a bad subnet, a gateway without a subnet, removing a predefined network', async () => {
    expect((await err(h.create({ name: uniqueName('bad'), driver: 'bridge', internal: false, subnet: '10.1.1.1', labels })))?.field).toBe('subnet');
    expect((await err(h.create({ name: uniqueName('bad'), driver: 'bridge', internal: false, gateway: '10.1.1.1', labels })))?.field).toBe('gateway');
    expect((await err(h.remove({ id: 'bridge' })))?.code).toBe('INVALID_INPUT');
    expect((await err(h.inspect({ id: 'berth-no-such-network' })))?.code).toBe('NOT_FOUND');
  });

  it('an internal network: marked internal by the engine, and containers on it reach each other by name', async () => {
    const name = uniqueName('internal');
    const n = await h.create({ name, driver: 'bridge', internal: true, labels });
    expect(n.internal).toBe(true);
    await webServer(uniqueName('web'), name).then(async (c) => {
      const info = await c.inspect();
      const cname = info.Name.replace(/^\//, '');
      expect((await runOn(name, fetchScript(cname))).out).toContain('hello from berth');
    });
    expect(((await h.inspect({ id: name })) as { Internal: boolean }).Internal).toBe(true);
  });

  it('the seed example: a client reaches an httpd BY NAME on a user network; aliases via connect; remove in use is a CONFLICT', async () => {
    const net = uniqueName('app');
    await h.create({ name: net, driver: 'bridge', internal: false, labels });
    const web = await webServer('web', net).catch(async () => webServer(uniqueName('web'), net));
    const webName = (await web.inspect()).Name.replace(/^\//, '');
    const byName = await runOn(net, fetchScript(webName));
    expect(byName.code).toBe(0);
    expect(byName.out).toContain('<h1>hello from berth</h1>');

    // A server started elsewhere joins the network under an alias.
    const api = await webServer(uniqueName('api'), 'bridge');
    await h.connect({ id: net, container: api.id, aliases: ['api'] });
    expect((await err(h.connect({ id: net, container: api.id, aliases: [] })))?.code).toBe('CONFLICT');
    const byAlias = await runOn(net, fetchScript('api'));
    expect(byAlias.out).toContain('hello from berth');

    const inUse = await err(h.remove({ id: net }));
    expect(inUse?.code).toBe('CONFLICT');
    expect(inUse?.message).toContain(webName);
    expect(inUse?.message).toMatch(/disconnect or remove them first/);

    await h.disconnect({ id: net, container: api.id, force: false });
    expect((await err(h.disconnect({ id: net, container: api.id, force: false })))?.code).toBe('CONFLICT');
    expect((await runOn(net, 'wget -T 2 -qO- http://api/ || echo unreachable')).out).toContain('unreachable');
    expect((await err(h.connect({ id: net, container: 'berth-no-such-container', aliases: [] })))?.code).toBe('NOT_FOUND');

    await web.remove({ force: true });
    await api.remove({ force: true });
    await h.remove({ id: net });
  });

  it('prunes unused networks', async () => {
    const unused = await h.create({ name: uniqueName('unused'), driver: 'bridge', internal: false, labels });
    const r = await h.prune();
    expect(r.deleted).toContain(unused.name);
    expect((await err(h.inspect({ id: unused.id })))?.code).toBe('NOT_FOUND');
  });
});
