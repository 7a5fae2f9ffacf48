// `berth engines` arguments and table, `--engine NAME` beside the other engine flags, where the desktop app keeps its settings.
import { describe, expect, it } from 'vitest';
import type { EngineEntry } from '../../app/engines.js';
import { parseArgs } from './args.js';
import { ENGINE_VALUED, engineArgs } from './engineArgs.js';
import { desktopUserDataDir, enginesArgs, formatEngines } from './engines.js';
import { serveArgs } from './serveArgs.js';

const parse = (argv: string[]) => parseArgs(argv, new Set(ENGINE_VALUED));

describe('berth engines arguments', () => {
  it('takes --json and --timeout SECONDS, and nothing else', () => {
    expect(enginesArgs([])).toEqual({ json: false, timeoutMs: 5000 });
    expect(enginesArgs(['--json', '--timeout', '1.5'])).toEqual({ json: true, timeoutMs: 1500 });
    expect(enginesArgs(['--timeout=10'])).toEqual({ json: false, timeoutMs: 10_000 });
    expect(() => enginesArgs(['ls'])).toThrow(/takes no arguments \("ls"\)/);
    expect(() => enginesArgs(['--all'])).toThrow(/has no --all; it takes --json and --timeout/);
    expect(() => enginesArgs(['--timeout', '0'])).toThrow(/between 0 and 120, not "0"/);
    expect(() => enginesArgs(['--timeout', 'soon'])).toThrow(/not "soon"/);
    expect(() => enginesArgs(['--timeout'])).toThrow(/--timeout needs a value/);
    expect(() => enginesArgs(['--json=yes'])).toThrow(/--json takes no value/);
  });
});

describe('--engine NAME', () => {
  it('is read by serve and doctor, and goes alone: not with --endpoint, the TLS flags or --vm', () => {
    expect(engineArgs(parse(['--engine', 'build-box']), {})).toEqual({ engine: 'build-box' });
    expect(engineArgs(parse(['--engine=context:prod']), {})).toEqual({ engine: 'context:prod' });
    expect(() => engineArgs(parse(['--engine', 'x', '--endpoint', 'unix:///s']), {})).toThrow(/Give --engine or --endpoint, not both/);
    expect(() => engineArgs(parse(['--engine', 'x', '--tlsverify']), {})).toThrow(/Give --engine or --tlsverify, not both/);
    expect(() => engineArgs(parse(['--engine']), {})).toThrow(/--engine needs a value/);
    expect(() => engineArgs(parse(['--engine=']), {})).toThrow(/needs the name of an engine; `berth engines` lists them/);
    expect(serveArgs(['--engine', 'build-box'], {})).toMatchObject({ engine: 'build-box', vm: false });
    expect(() => serveArgs(['--engine', 'build-box', '--vm'], {})).toThrow(/Give --engine or --vm, not both \(the Berth VM's engine is --engine berth-vm\)/);
  });
});

describe('where the desktop app keeps settings', () => {
  it('BERTH_USER_DATA, else Electron userData for "berth" per platform', () => {
    expect(desktopUserDataDir({ BERTH_USER_DATA: '/dev/data' }, 'linux', '/home/ada')).toBe('/dev/data');
    expect(desktopUserDataDir({ BERTH_USER_DATA: 'relative' }, 'linux', '/home/ada')).toBe('/home/ada/.config/berth');
    expect(desktopUserDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/ada')).toBe('/x/berth');
    expect(desktopUserDataDir({}, 'darwin', '/Users/ada')).toBe('/Users/ada/Library/Application Support/berth');
    expect(desktopUserDataDir({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ada')).toMatch(/Roaming.berth$/);
  });
});

describe('the engines table', () => {
  const e = (x: Partial<EngineEntry>): EngineEntry => ({ id: 'host', name: 'default', kind: 'socket', source: 'host', url: 'unix:///var/run/docker.sock', tls: false, state: 'up', since: 0, ...x });
  it('one row per engine, the current context starred, TLS shown, a down engine’s reason below it', () => {
    const out = formatEngines([
      e({ version: '27.1.0', os: 'linux', arch: 'amd64' }),
      e({ id: 'context:prod', name: 'prod', source: 'context', kind: 'tcp', tls: true, current: true, url: 'tcp://10.0.0.5:2376', state: 'down', reason: 'Docker context "prod": ca.pem is not a PEM certificate.' }),
      e({ id: 'added:box', name: 'box', source: 'added', kind: 'ssh', url: 'ssh://me@box', state: 'connecting' }),
    ]);
    expect(out.split('\n')).toEqual([
      '  NAME     SOURCE   KIND     STATE       VERSION             URL',
      '  default  host     socket   up          27.1.0 linux/amd64  unix:///var/run/docker.sock',
      '* prod     context  tcp+tls  down                            tcp://10.0.0.5:2376',
      '    Docker context "prod": ca.pem is not a PEM certificate.',
      '  box      added    ssh      connecting                      ssh://me@box',
      '',
    ]);
    expect(formatEngines([])).toMatch(/^No engines found/);
  });
});
