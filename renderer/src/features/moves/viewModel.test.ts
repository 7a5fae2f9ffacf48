import { describe, expect, it } from 'vitest';
import type { EngineEntry, RecreateResult } from '../../../../app/engines.js';
import { checkNewName, fieldOf, imageResultLine, progressFraction, progressLine, recreateResultLines, targetsOf, volumeResultLine } from './viewModel.js';

const engine = (id: string, state: EngineEntry['state']): EngineEntry =>
  ({ id, name: id, kind: 'socket', source: 'host', url: `unix:///run/${id}.sock`, tls: false, state, since: 0 }) as EngineEntry;

describe('moves view model', () => {
  it('offers only the other engines that are up, in the list order', () => {
    const list = [engine('host', 'up'), engine('second', 'up'), engine('down', 'down'), engine('new', 'connecting')];
    expect(targetsOf(list, 'host').map((e) => e.id)).toEqual(['second']);
    expect(targetsOf(list, 'second').map((e) => e.id)).toEqual(['host']);
  });

  it('says the bytes copied of about how many, or the step status when there is one', () => {
    expect(progressLine({ step: 'image', what: 'busybox:1', bytes: 1024 * 1024, total: 4 * 1024 * 1024 })).toMatch(/^image busybox:1: 1(\.0)? MiB of about 4(\.0)? MiB copied$/);
    expect(progressLine({ step: 'volume', what: 'data', bytes: 512 })).toMatch(/^volume data: 512 B copied$/);
    expect(progressLine({ step: 'image', what: 'busybox:1', bytes: 0, status: 'already there: same image ID' })).toBe('image busybox:1: already there: same image ID');
    expect(progressLine({ step: 'image', what: 'busybox:1', bytes: 2048, status: 'loaded on second' })).toMatch(/^image busybox:1: loaded on second \(2(\.0)? KiB copied\)$/);
    expect(progressFraction({ step: 'image', what: 'x', bytes: 50, total: 200 })).toBe(0.25);
    expect(progressFraction({ step: 'image', what: 'x', bytes: 300, total: 200 })).toBe(1);
    expect(progressFraction({ step: 'image', what: 'x', bytes: 300 })).toBeUndefined();
  });

  it('words the answers: copied, skipped, a volume', () => {
    const id = `sha256:${'ab'.repeat(32)}`;
    expect(imageResultLine({ id, skipped: false, bytes: 2048, tags: ['busybox:1'] }, 'second')).toMatch(/^Copied image abababababab as busybox:1 to second \(2(\.0)? KiB\)\.$/);
    expect(imageResultLine({ id, skipped: true, bytes: 0, tags: ['busybox:1'] }, 'second')).toBe('Skipped: second already has image abababababab (tags added where missing as busybox:1).');
    expect(volumeResultLine({ name: 'data2', bytes: 10 }, 'second')).toMatch(/^Copied into volume data2 on second/);
  });

  it('lists what Recreate did and keeps the core warnings apart', () => {
    const r: RecreateResult = {
      id: 'c0ffee0000000000',
      name: 'web',
      imageMoved: true,
      volumesCopied: ['data -> data'],
      networksMade: ['app'],
      stoppedOriginal: true,
      ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 8080 }],
      warnings: ['web has restart policy always: it starts again when its engine restarts.'],
    };
    const out = recreateResultLines(r, 'default', 'web');
    expect(out.lines).toEqual([
      'web runs on default (c0ffee000000).',
      'Its image was copied first.',
      'Volumes copied: data -> data.',
      'Networks made: app.',
      'Ports: 127.0.0.1:8080→80/tcp.',
      'The original web was stopped and kept.',
    ]);
    expect(out.warnings).toEqual(r.warnings);
  });

  it('puts a taken name on the name field, the engine on the target, the rest on the form', () => {
    expect(fieldOf({ code: 'NAME_CONFLICT', message: 'taken' }, true)).toBe('name');
    expect(fieldOf({ code: 'INVALID_INPUT', message: 'bad', field: 'name' }, true)).toBe('name');
    expect(fieldOf({ code: 'NAME_CONFLICT', message: 'taken' }, false)).toBe('form');
    expect(fieldOf({ code: 'ENGINE_UNREACHABLE', message: 'down', field: 'to' }, true)).toBe('to');
    expect(fieldOf({ code: 'ENGINE_ERROR', message: 'boom' }, true)).toBe('form');
    expect(checkNewName('')).toBeUndefined();
    expect(checkNewName('data-2')).toBeUndefined();
    expect(checkNewName('a')).toMatch(/at least two/);
    expect(checkNewName('no spaces')).toMatch(/Use letters/);
  });
});
