import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BerthError } from '../errors.js';
import type { MountSpec, PortMapping, RunSpecInput } from '../runspec.js';
import { RunSpec } from '../runspec.js';
import { formatDockerRun, formatRunArgs, parseDockerRun, parseRunArgs } from './dockerRun.js';
import { errorOf } from './testkit.js';

const numRuns = Number(process.env.FUZZ_RUNS ?? 200);
/** Room for a fuzz run with a raised FUZZ_RUNS. */
const timeout = 5000 + numRuns * 3;

/** The spec the schema makes of a partial one: what parseDockerRun must return. */
const spec = (s: RunSpecInput): RunSpec => RunSpec.parse(s);

describe('parseDockerRun: examples from the docker docs', () => {
  it.each<[string, RunSpecInput]>([
    ['docker run -d -p 8080:80 --name web nginx', { image: 'nginx', name: 'web', ports: [{ hostPort: 8080, containerPort: 80 }] }],
    ['docker run -it --rm ubuntu bash', { image: 'ubuntu', tty: true, interactive: true, autoRemove: true, command: ['bash'] }],
    ['docker run -dp 127.0.0.1:3000:3000 getting-started', { image: 'getting-started', ports: [{ hostIp: '127.0.0.1', hostPort: 3000, containerPort: 3000 }] }],
    ['docker run -d --restart=on-failure:3 redis', { image: 'redis', restart: { name: 'on-failure', maximumRetryCount: 3 } }],
    ['docker container run -P nginx', { image: 'nginx', publishAll: true }],
    ['docker run --platform linux/amd64 -d busybox', { image: 'busybox', platform: 'linux/amd64' }],
    ['docker run --platform=Linux/aarch64 busybox', { image: 'busybox', platform: 'linux/arm64' }],
    [
      'docker run -e MYVAR1 --env MYVAR2=foo --env-file ./env.list ubuntu bash',
      { image: 'ubuntu', env: ['MYVAR1', 'MYVAR2=foo'], envFiles: ['./env.list'], command: ['bash'] },
    ],
    [
      'docker run -d --name devtest --mount source=myvol2,target=/app nginx:latest',
      { image: 'nginx:latest', name: 'devtest', mounts: [{ type: 'volume', source: 'myvol2', target: '/app' }] },
    ],
    [
      'docker run --tmpfs /run --tmpfs /tmp -i -t debian:bookworm',
      { image: 'debian:bookworm', tty: true, interactive: true, mounts: [{ type: 'tmpfs', target: '/run' }, { type: 'tmpfs', target: '/tmp' }] },
    ],
    [
      'docker run -it --memory 300M --memory-swap 1G ubuntu:24.04 /bin/bash',
      { image: 'ubuntu:24.04', tty: true, interactive: true, memory: 300 * 1024 ** 2, memorySwap: 1024 ** 3, command: ['/bin/bash'] },
    ],
    ['docker run -it --cpus=.5 ubuntu /bin/bash', { image: 'ubuntu', tty: true, interactive: true, cpus: 0.5, command: ['/bin/bash'] }],
    ['docker run -it -c 512 ubuntu /bin/bash', { image: 'ubuntu', tty: true, interactive: true, cpuShares: 512, command: ['/bin/bash'] }],
    [
      'docker run --log-driver=syslog --log-opt syslog-address=udp://1.2.3.4:1111 alpine echo hello',
      { image: 'alpine', log: { driver: 'syslog', options: { 'syslog-address': 'udp://1.2.3.4:1111' } }, command: ['echo', 'hello'] },
    ],
    ['docker run --log-opt max-size=50m app', { image: 'app', log: { driver: 'json-file', options: { 'max-size': '50m' } } }],
    ['docker run -l my-label --label com.example.foo=bar ubuntu bash', { image: 'ubuntu', labels: { 'my-label': '', 'com.example.foo': 'bar' }, command: ['bash'] }],
    [
      'docker run --network=host -w /path/to/dir -u 1000:1000 -h box alpine pwd',
      { image: 'alpine', network: 'host', workdir: '/path/to/dir', user: '1000:1000', hostname: 'box', command: ['pwd'] },
    ],
    ['docker run --entrypoint /bin/bash -it ubuntu', { image: 'ubuntu', entrypoint: ['/bin/bash'], tty: true, interactive: true }],
    ['docker run --entrypoint "" busybox ls', { image: 'busybox', entrypoint: [], command: ['ls'] }],
    ['docker run --cap-add=ALL --cap-drop=MKNOD busybox', { image: 'busybox', capAdd: ['ALL'], capDrop: ['MKNOD'] }],
    [
      'docker run --pid=host --ipc=host --uts=host --userns=host --privileged busybox',
      { image: 'busybox', pidMode: 'host', ipcMode: 'host', utsMode: 'host', usernsMode: 'host', privileged: true },
    ],
    [
      'docker run -p 8080:80/tcp -p 8080:80/udp nginx',
      { image: 'nginx', ports: [{ hostPort: 8080, containerPort: 80 }, { hostPort: 8080, containerPort: 80, protocol: 'udp' }] },
    ],
    ['docker run --net-alias web --network mynet nginx', { image: 'nginx', network: 'mynet', networkAliases: ['web'] }],
    ['docker run --network name=mynet,alias=web nginx', { image: 'nginx', network: 'mynet', networkAliases: ['web'] }],
    [
      'docker run -e=A=1 -p8080:80 -itd busybox',
      { image: 'busybox', env: ['A=1'], ports: [{ hostPort: 8080, containerPort: 80 }], tty: true, interactive: true },
    ],
    ['docker run busybox sh -c "echo hello; sleep 1"', { image: 'busybox', command: ['sh', '-c', 'echo hello; sleep 1'] }],
    ['docker run -- nginx -g "daemon off;"', { image: 'nginx', command: ['-g', 'daemon off;'] }],
    ['docker run nginx -d', { image: 'nginx', command: ['-d'] }],
    ['$ docker run hello-world', { image: 'hello-world' }],
    ['sudo docker run --rm=true --privileged=false hello-world', { image: 'hello-world', autoRemove: true }],
    [
      'docker run -d \\\n  --name db \\\n  -v pgdata:/var/lib/postgresql/data \\\n  -e POSTGRES_PASSWORD=secret \\\n  postgres:16',
      { image: 'postgres:16', name: 'db', mounts: [{ type: 'volume', source: 'pgdata', target: '/var/lib/postgresql/data' }], env: ['POSTGRES_PASSWORD=secret'] },
    ],
    ['docker run -v /srv/www:/usr/share/nginx/html:ro nginx', { image: 'nginx', mounts: [{ type: 'bind', source: '/srv/www', target: '/usr/share/nginx/html', readOnly: true }] }],
    ['docker run --memory-swap -1 -m 1g app', { image: 'app', memory: 1024 ** 3, memorySwap: -1 }],
    ['docker run --name /web --name api app', { image: 'app', name: 'api' }],
    [`docker run registry.example.com:5000/team/app@sha256:${'a'.repeat(64)}`, { image: `registry.example.com:5000/team/app@sha256:${'a'.repeat(64)}` }],
  ])('%s', (line, expected) => {
    expect(parseDockerRun(line)).toStrictEqual(spec(expected));
  });

  it.each([
    ['docker run --foo nginx', 'Unknown flag --foo; it is not a docker run flag'],
    ['docker run --foo=1 nginx', 'Unknown flag --foo in "--foo=1"; it is not a docker run flag'],
    ['docker run -x nginx', 'Unknown flag -x; it is not a docker run flag'],
    ['docker run -itx nginx', 'Unknown flag -x in "-itx"; it is not a docker run flag'],
    ['docker run --gpus all nginx', "docker run flag --gpus is valid, but Berth's run form cannot apply it yet; remove it"],
    ['docker run -a stdout nginx', "docker run flag -a (--attach) is valid, but Berth's run form cannot apply it yet; remove it"],
    ['docker run --read-only --tmpfs /run debian', "docker run flag --read-only is valid, but Berth's run form cannot apply it yet; remove it"],
    ['docker run --name', 'Flag --name needs a value'],
    ['docker run -p', 'Flag -p needs a value'],
    ['docker run -d', 'No image given: write the image after the flags, e.g. docker run -d nginx'],
    ['docker ps', 'The command must start with "docker run" (or "docker container run"), not "docker ps"'],
    ['podman run nginx', 'The command must start with "docker run" (or "docker container run"), not "podman run"'],
    ['docker run --rm --restart always nginx', '--rm cannot be combined with --restart always: a container that restarts is never removed'],
    ['docker run -m 1m nginx', "Memory limit 1m is below the engine's minimum of 6m"],
    ['docker run --memory-swap 1g nginx', '--memory-swap needs --memory as well (it counts memory plus swap)'],
    ['docker run -m 1g --memory-swap 512m nginx', '--memory-swap 512m is below --memory 1g; it counts memory plus swap'],
    ['docker run --network a --network b nginx', 'Berth connects a container to one network at start; got --network a and --network b'],
    ['docker run -p 8080:80x nginx', 'Port "80x" in "8080:80x" is not a number between 1 and 65535'],
    ['docker run NGINX', 'Repository "NGINX" in "NGINX" must be lowercase'],
    ['docker run --rm=maybe nginx', '--rm=maybe: "maybe" is not true or false'],
    ['docker run --log-driver none --log-opt a=b x', 'The "none" log driver takes no --log-opt options'],
    ['docker run --restart sometimes x', 'Restart policy "sometimes" is not one of no, always, unless-stopped, on-failure[:max-retries]'],
    ['docker run -c -5 x', 'CPU shares "-5" is not a whole number of 0 or more (the default weight is 1024)'],
    ['docker run -v $(pwd):/app node', 'Command substitution ("$(") at character 15 cannot be run here; replace it with its value'],
    ['docker run nginx | tee log', 'Unquoted "|" at character 18: Berth reads a single command without pipes, redirects or ";" / "&&"; quote it if it belongs to a value'],
  ])('rejects %j', (line, message) => {
    const e = errorOf(() => parseDockerRun(line));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe(message);
  });

  it('names the field at fault', () => {
    expect(errorOf(() => parseDockerRun('docker run -p 0 x')).field).toBe('ports');
    expect(errorOf(() => parseDockerRun('docker run -m lots x')).field).toBe('memory');
    expect(errorOf(() => parseDockerRun('docker run -v a:b x')).field).toBe('mounts');
    expect(errorOf(() => parseDockerRun('docker run -e =x x')).field).toBe('env');
    expect(errorOf(() => parseDockerRun('docker run --cpus 0 x')).field).toBe('cpus');
  });
});

describe('formatDockerRun', () => {
  it.each<[RunSpecInput, string]>([
    [{ image: 'nginx' }, 'docker run -d nginx'],
    [{ image: 'ubuntu', tty: true, interactive: true, autoRemove: true, command: ['bash'] }, 'docker run -it --rm ubuntu bash'],
    [{ image: 'alpine', tty: true }, 'docker run -d -t alpine'],
    [
      {
        image: 'nginx:1.25',
        name: 'web',
        ports: [{ hostPort: 8080, containerPort: 80 }, { hostIp: '::1', containerPort: 443 }],
        env: ['GREETING=hello world', 'HOME'],
        mounts: [
          { type: 'volume', source: 'data', target: '/data' },
          { type: 'volume', target: '/cache', readOnly: true },
          { type: 'tmpfs', target: '/run' },
        ],
        memory: 512 * 1024 ** 2,
        cpus: 1.5,
        restart: { name: 'unless-stopped' },
        labels: { 'b.key': "it's", 'a.key': '' },
        log: { driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } },
      },
      "docker run -d --name web -p 8080:80 -p '[::1]::443' -e 'GREETING=hello world' -e HOME -v data:/data " +
        '--mount type=volume,target=/cache,readonly --tmpfs /run --restart unless-stopped --memory 512m --cpus 1.5 ' +
        "--label a.key= --label 'b.key=it'\\''s' --log-driver json-file --log-opt max-file=3 --log-opt max-size=10m nginx:1.25",
    ],
    [{ image: 'busybox', entrypoint: [], command: ['ls', '-l'] }, "docker run -d --entrypoint '' busybox ls -l"],
  ])('%j', (input, line) => {
    expect(formatDockerRun(spec(input))).toBe(line);
    expect(parseDockerRun(line)).toStrictEqual(spec(input));
  });

  it('refuses what docker run cannot say', () => {
    expect(errorOf(() => formatDockerRun(spec({ image: 'x', entrypoint: ['sh', '-c'] }))).message).toBe(
      '--entrypoint takes a single executable; put its arguments at the start of the command',
    );
    expect(errorOf(() => formatDockerRun(spec({ image: 'x', autoRemove: true, restart: { name: 'always' } }))).field).toBe('restart');
    expect(errorOf(() => formatDockerRun(spec({ image: 'Bad Image' }))).field).toBe('image');
  });
});

// ---- RunSpec arbitraries, built from valid parts ----
const word = (chars: string, min = 1, max = 8): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...chars.split('')), minLength: min, maxLength: max });
const lower = 'abcdefghijklmnopqrstuvwxyz0123456789';
const port = fc.integer({ min: 1, max: 65000 });
const portArb: fc.Arbitrary<PortMapping> = fc
  .record({ ip: fc.option(fc.constantFrom('127.0.0.1', '::1', '0.0.0.0'), { nil: undefined }), c: port, h: fc.option(port, { nil: undefined }), len: fc.nat(20), proto: fc.constantFrom('tcp' as const, 'udp' as const) })
  .map(({ ip, c, h, len, proto }) => {
    const m: PortMapping = { containerPort: c, protocol: proto };
    if (ip !== undefined) m.hostIp = ip;
    if (len > 0) m.containerPortEnd = c + len;
    if (h !== undefined) {
      m.hostPort = h;
      if (len > 0) m.hostPortEnd = h + len;
    }
    return m;
  });
const absPath = fc.array(word(`${lower}._- :,`), { minLength: 1, maxLength: 3 }).map((s) => `/${s.join('/')}`).filter((p) => !p.split('/').includes('.'));
const mountArb: fc.Arbitrary<MountSpec> = fc
  .record({ type: fc.constantFrom('bind' as const, 'volume' as const, 'tmpfs' as const), src: fc.option(word(lower, 2, 8), { nil: undefined }), host: absPath, target: absPath, ro: fc.boolean() })
  .map(({ type, src, host, target, ro }) => {
    const m: MountSpec = { type, target };
    if (type === 'bind') m.source = host;
    if (type === 'volume' && src !== undefined) m.source = src;
    if (ro) m.readOnly = true;
    return m;
  });
const envLine = fc.tuple(word(`${lower}ABC_`), fc.option(fc.string(), { nil: undefined })).map(([k, v]) => (v === undefined ? k : `${k}=${v}`));
const labelKey = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !k.includes('=') && k.trim() !== '');
const size = fc.integer({ min: 6 * 1024 * 1024, max: 64 * 1024 ** 3 });
const opt = <T,>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined });

const runSpecArb: fc.Arbitrary<RunSpec> = fc
  .record({
    image: fc.constantFrom('nginx', 'nginx:1.25', 'localhost:5000/team/app:v1', `repo@sha256:${'0'.repeat(64)}`, 'ghcr.io/o/app'),
    name: opt(fc.tuple(word('aZ9'), word(`${lower}_.-`)).map(([a, b]) => a + b)),
    command: opt(fc.array(fc.string(), { minLength: 1, maxLength: 4 })),
    entrypoint: opt(fc.array(fc.string({ minLength: 1 }), { maxLength: 1 })),
    tty: fc.boolean(), interactive: fc.boolean(), autoRemove: fc.boolean(), publishAll: fc.boolean(), privileged: fc.boolean(),
    ports: fc.array(portArb, { maxLength: 3 }),
    memory: opt(size), swap: opt(fc.oneof(fc.constant(-1), fc.nat(1024 ** 3))),
    cpuShares: opt(fc.nat(4096)),
    cpus: opt(fc.integer({ min: 1, max: 64_000_000_000 }).map((n) => n / 1e9)),
    env: fc.array(envLine, { maxLength: 3 }),
    envFiles: fc.array(fc.string({ minLength: 1 }), { maxLength: 2 }),
    mounts: fc.array(mountArb, { maxLength: 3 }),
    network: opt(fc.constantFrom('bridge', 'host', 'none', 'mynet', 'container:db')),
    networkAliases: fc.array(word(`${lower}-.`), { maxLength: 2 }),
    restart: opt(fc.oneof(fc.constantFrom('no' as const, 'always' as const, 'unless-stopped' as const, 'on-failure' as const).map((name) => ({ name })), fc.nat(10).map((n) => ({ name: 'on-failure' as const, maximumRetryCount: n })))),
    log: opt(fc.record({ driver: fc.constantFrom('json-file', 'local', 'syslog'), options: fc.dictionary(word(`${lower}-`), fc.string()).map((o) => ({ ...o })) })),
    pidMode: opt(fc.constantFrom('host', 'container:db')),
    ipcMode: opt(fc.constantFrom('host', 'private', 'shareable', 'none', 'container:db')),
    utsMode: opt(fc.constant('host')), usernsMode: opt(fc.constant('host')),
    hostname: opt(word(`${lower}-.`)), workdir: opt(absPath), user: opt(word(`${lower}:`)),
    labels: fc.dictionary(labelKey, fc.string()).map((o) => ({ ...o })),
    capAdd: fc.array(fc.constantFrom('ALL', 'NET_ADMIN', 'SYS_PTRACE'), { maxLength: 2 }),
    capDrop: fc.array(fc.constantFrom('MKNOD', 'CAP_CHOWN'), { maxLength: 2 }),
    platform: opt(fc.constantFrom('linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/arm64/v8', 'windows/amd64')),
  })
  .map(({ swap, memory, restart, autoRemove, ...rest }) => {
    const s: RunSpecInput = { ...rest, autoRemove };
    for (const k of Object.keys(s) as (keyof RunSpecInput)[]) if (s[k] === undefined) Reflect.deleteProperty(s, k);
    if (memory !== undefined) s.memory = memory;
    if (memory !== undefined && swap !== undefined) s.memorySwap = swap === -1 || swap === 0 ? swap : memory + swap;
    if (restart !== undefined && !(autoRemove && restart.name !== 'no')) s.restart = restart;
    return RunSpec.parse(s);
  });

describe('dockerRun properties', { timeout }, () => {
  it('parseDockerRun(formatDockerRun(spec)) equals spec, and the format is canonical', () => {
    fc.assert(
      fc.property(runSpecArb, (s) => {
        const line = formatDockerRun(s);
        const back = parseDockerRun(line);
        expect(back).toStrictEqual(s);
        expect(formatDockerRun(back)).toBe(line);
      }),
      { numRuns },
    );
  });

  it('random flag soup either parses (and round-trips) or throws INVALID_INPUT', () => {
    const token = fc.oneof(
      fc.constantFrom('-d', '-it', '-t', '--rm', '-P', '--privileged', '-p', '-e', '-v', '-m', '-c', '--cpus', '--name', '--restart', '--mount', '--tmpfs',
        '--network', '--log-opt', '--log-driver', '--entrypoint', '-l', '-u', '-w', '-h', '--pid', '--cap-add', '--', '--memory-swap', '--gpus', '-x'),
      fc.constantFrom('80', '8080:80', 'A=1', '/data', 'vol:/data', '512m', '1.5', 'web', 'always', 'on-failure:2', 'host', 'nginx', '', 'x=y', '-1', 'NET_ADMIN'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 10 }), (args) => {
        let s: RunSpec;
        try {
          s = parseRunArgs(args);
        } catch (e) {
          expect(e).toBeInstanceOf(BerthError);
          expect((e as BerthError).code).toBe('INVALID_INPUT');
          return;
        }
        expect(RunSpec.parse(s)).toStrictEqual(s);
        expect(parseRunArgs(formatRunArgs(s))).toStrictEqual(s);
      }),
      { numRuns },
    );
  });

  it('any pasted text either parses or throws INVALID_INPUT', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          parseDockerRun(`docker run ${text}`);
        } catch (e) {
          expect(e).toBeInstanceOf(BerthError);
          expect((e as BerthError).code).toBe('INVALID_INPUT');
        }
      }),
      { numRuns },
    );
  });
});
