import { describe, expect, it } from 'vitest';
import { parseDockerRun } from '../../../../app/parse/dockerRun';
import { emptyForm, emptyPortRow, formFromSpec } from './form';
import { commandLine, toRunSpec } from './toRequest';
import { fieldForError } from './engineErrors';

const base = () => ({ ...emptyForm('berth-test/busybox:latest') });

describe('run form -> RunSpec', () => {
  it('builds the seed example: fixed and dynamic ports, memory, cpu shares, name', () => {
    const f = base();
    f.name = 'web';
    f.command = 'httpd -f -p 80 -h /www';
    f.ports = [emptyPortRow('80', '18080'), emptyPortRow('80', '')];
    f.memory = '64m';
    f.cpuShares = '512';
    f.labels = [{ key: 'berth.test', value: '1' }];
    const b = toRunSpec(f);
    expect(b.errors).toEqual({});
    expect(b.spec).toMatchObject({
      image: 'berth-test/busybox:latest', name: 'web', command: ['httpd', '-f', '-p', '80', '-h', '/www'],
      ports: [{ hostPort: 18080, containerPort: 80, protocol: 'tcp' }, { containerPort: 80, protocol: 'tcp' }],
      memory: 64 * 1024 * 1024, cpuShares: 512, labels: { 'berth.test': '1' },
    });
    expect(commandLine(b)).toBe("docker run -d --name web -p 18080:80 -p 80 --memory 64m --cpu-shares 512 --label berth.test=1 berth-test/busybox:latest httpd -f -p 80 -h /www");
  });

  it('flags each bad field before submit', () => {
    const f = emptyForm('');
    f.name = '-bad';
    f.ports = [emptyPortRow('', '8080'), emptyPortRow('80', 'http'), emptyPortRow('70000')];
    f.memory = '64q';
    f.cpus = 'lots';
    f.cpuShares = '-1';
    f.env = [{ key: 'A B', value: '1' }];
    f.mounts = [{ type: 'bind', source: '', target: '/data', readOnly: false }];
    f.workdir = 'relative';
    const { errors, spec } = toRunSpec(f);
    expect(spec).toBeUndefined();
    expect(Object.keys(errors).sort()).toEqual(
      ['cpuShares', 'cpus', 'env.0', 'image', 'memory', 'mounts.0', 'name', 'ports.0.containerPort', 'ports.1.hostPort', 'ports.2.containerPort', 'workdir'].sort(),
    );
    expect(errors.image).toMatch(/Choose an image/);
  });

  it('refuses the same host port twice and a memory below the minimum', () => {
    const f = base();
    f.ports = [emptyPortRow('80', '8080'), emptyPortRow('81', '8080')];
    f.memory = '1m';
    const { errors } = toRunSpec(f);
    expect(errors['ports.1.hostPort']).toMatch(/already used by row 1/);
    expect(errors.memory).toMatch(/minimum/);
  });

  it('--rm with a restart policy is caught on the restart field', () => {
    const f = base();
    f.autoRemove = true;
    f.restart = 'always';
    expect(toRunSpec(f).errors.restart).toMatch(/never removed/);
  });

  it('-ti sets tty and interactive, and skips blank rows', () => {
    const f = base();
    f.terminal = true;
    f.ports = [emptyPortRow()];
    f.env = [{ key: '', value: '' }];
    const b = toRunSpec(f);
    expect(b.spec).toMatchObject({ tty: true, interactive: true, ports: [], env: [] });
    expect(commandLine(b)).toBe('docker run -it berth-test/busybox:latest');
  });

  it('round-trips a pasted docker run line through the form', () => {
    const line = 'docker run -d --name api -p 127.0.0.1:8080:80/tcp -p 53/udp -e A=1 -v data:/data:ro --network appnet --network-alias api --restart on-failure:3 --memory 512m --memory-swap 1g --cpus 1.5 --cpu-shares 512 --log-driver json-file --log-opt max-size=10m --hostname h --user 1000 --workdir /app --pid host --cap-add NET_ADMIN --label a=b busybox:1.36 sh -c "echo hi"';
    const spec = parseDockerRun(line);
    const b = toRunSpec(formFromSpec(spec));
    expect(b.errors).toEqual({});
    expect(b.spec).toEqual(spec);
    expect(parseDockerRun(commandLine(b) as string)).toEqual(spec);
  });
});

describe('engine errors on their field', () => {
  it('a taken port lands on its row', () => {
    const f = base();
    f.ports = [emptyPortRow('80', ''), emptyPortRow('80', '18080')];
    expect(fieldForError({ code: 'PORT_IN_USE', message: 'Port 18080 is in use by another program' }, f)).toBe('ports.1.hostPort');
    expect(fieldForError({ code: 'INVALID_INPUT', message: 'x', field: 'ports[0]' }, f)).toBe('ports.0.hostPort');
  });
  it('a name conflict lands on the name; unknown on the form', () => {
    expect(fieldForError({ code: 'NAME_CONFLICT', message: 'taken' }, base())).toBe('name');
    expect(fieldForError({ code: 'IMAGE_NOT_FOUND', message: 'nope' }, base())).toBe('image');
    expect(fieldForError({ code: 'INTERNAL', message: 'boom' }, base())).toBe('form');
  });
});
