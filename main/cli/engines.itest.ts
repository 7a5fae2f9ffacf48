// `berth engines` and `--engine NAME` against a second real dockerd found through a docker context the real CLI made.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEntry } from '../../app/engines.js';
import { startSecondDockerd, type SecondDockerd } from '../core/testing/second-dockerd.js';
import { doctor } from './doctor.js';
import { cliCatalog, engineByName, enginesCommand } from './engines.js';

describe('berth engines and --engine NAME', () => {
  let second: SecondDockerd;
  let tmp: string;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    second = await startSecondDockerd();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-cli-engines-'));
    // No host engine here: DOCKER_HOST names a socket that is not there, so only the context answers.
    env = { PATH: process.env.PATH, DOCKER_CONFIG: path.join(tmp, 'docker'), DOCKER_HOST: `unix://${tmp}/none.sock`, BERTH_USER_DATA: path.join(tmp, 'user-data') };
    execFileSync('docker', ['context', 'create', 'second', '--docker', `host=${second.url}`], { env: { ...env, DOCKER_HOST: '' } as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  });

  afterAll(async () => {
    await second?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('berth engines --json lists every engine with its state', async () => {
    let out = '';
    const code = await enginesCommand(['--json', '--timeout', '3'], (s) => (out += s), (s) => (out += s), { env, home: path.join(tmp, 'home') });
    expect(code).toBe(0);
    const list = JSON.parse(out) as EngineEntry[];
    expect(list.map((e) => [e.name, e.state])).toEqual([
      ['default', 'down'],
      ['berth-vm', 'down'],
      ['second', 'up'],
    ]);
    expect(list[0]?.reason).toMatch(/No engine socket at .*none\.sock/);
    expect(list[2]?.version).toBe((await second.docker.version()).Version);
  });

  it('the table shows each engine, and a down one says why on the line below', async () => {
    let out = '';
    await enginesCommand([], (s) => (out += s), (s) => (out += s), { env, home: path.join(tmp, 'home') });
    expect(out).toMatch(/^ {2}NAME +SOURCE +KIND +STATE +VERSION +URL\n/);
    expect(out).toMatch(/\n {2}second +context +socket +up +20\.\S+ linux\/\S+ +unix:\/\/\S+docker\.sock\n/);
    expect(out).toMatch(/\n {2}berth-vm +vm +vm +down +unix:\/\/\S+\n {4}The Berth VM is not running/);
  });

  it('berth doctor --engine NAME reaches the engine of that name; an unknown name lists the known ones', async () => {
    const { catalog } = await cliCatalog({ env, home: path.join(tmp, 'home') });
    let out = '';
    const chosen = await engineByName('second', 'doctor', catalog);
    expect(chosen.endpoint).toMatchObject({ kind: 'socket', address: second.socketPath });
    const code = await doctor({ engine: 'second' }, (s) => (out += s), chosen);
    expect(code, out).toBe(0);
    expect(out).toMatch(/^Engine name: second\nEndpoint: Socket .*\nEngine: {3}answering — Docker \d/);
    await expect(engineByName('nope', 'serve', catalog)).rejects.toThrow(/no engine named "nope"\. Known engines: default, berth-vm, second\./);
    expect(await engineByName('berth-vm', 'serve', catalog)).toEqual({ vm: true, vmAutostart: true, engineId: 'vm' });
    await catalog.dispose();
  });
});
