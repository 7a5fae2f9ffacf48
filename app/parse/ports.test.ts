import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BerthError } from '../errors.js';
import { PortMapping } from '../runspec.js';
import { expandPortMapping, formatPortSpec, parseExposedPortKey, parsePortSpec, portKey } from './ports.js';
import { errorOf } from './testkit.js';

const numRuns = Number(process.env.FUZZ_RUNS ?? 200);

describe('parsePortSpec', () => {
  it.each([
    ['80', { containerPort: 80, protocol: 'tcp' }],
    ['8080:80', { containerPort: 80, protocol: 'tcp', hostPort: 8080 }],
    ['127.0.0.1:8080:80', { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 8080 }],
    ['127.0.0.1::80', { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1' }],
    [':80', { containerPort: 80, protocol: 'tcp' }],
    ['[::1]:8080:80', { containerPort: 80, protocol: 'tcp', hostIp: '::1', hostPort: 8080 }],
    ['[::1]::80', { containerPort: 80, protocol: 'tcp', hostIp: '::1' }],
    ['::1:8080:80', { containerPort: 80, protocol: 'tcp', hostIp: '::1', hostPort: 8080 }],
    ['8000-8010:80-90', { containerPort: 80, containerPortEnd: 90, protocol: 'tcp', hostPort: 8000, hostPortEnd: 8010 }],
    ['8000-8010:80', { containerPort: 80, protocol: 'tcp', hostPort: 8000, hostPortEnd: 8010 }],
    ['80-90', { containerPort: 80, containerPortEnd: 90, protocol: 'tcp' }],
    ['80-80', { containerPort: 80, protocol: 'tcp' }],
    ['53:53/udp', { containerPort: 53, protocol: 'udp', hostPort: 53 }],
    ['9/sctp', { containerPort: 9, protocol: 'sctp' }],
    ['53/UDP', { containerPort: 53, protocol: 'udp' }],
    ['80/', { containerPort: 80, protocol: 'tcp' }],
    ['0080', { containerPort: 80, protocol: 'tcp' }],
    ['target=80,published=8080,protocol=udp', { containerPort: 80, protocol: 'udp', hostPort: 8080 }],
    ['target=80', { containerPort: 80, protocol: 'tcp' }],
    ['0.0.0.0:443:443', { containerPort: 443, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 443 }],
  ])('%s', (s, expected) => {
    expect(parsePortSpec(s)).toStrictEqual(expected);
  });

  it.each([
    ['8080:80x', 'Port "80x" in "8080:80x" is not a number between 1 and 65535'],
    ['70000', 'Port "70000" in "70000" is not a number between 1 and 65535'],
    ['0:80', 'Port "0" in "0:80" is not a number between 1 and 65535'],
    ['90-80', 'Container port range "90-80" in "90-80" ends before it starts'],
    ['8000-8005:80-90', 'Host ports "8000-8005" and container ports "80-90" in "8000-8005:80-90" must cover the same number of ports (6 and 11)'],
    ['8080:80-90', 'Host ports "8080" and container ports "80-90" in "8080:80-90" must cover the same number of ports (1 and 11)'],
    ['53:53/udpx', '"udpx" in "53:53/udpx" is not a protocol; use tcp, udp or sctp'],
    ['1.2.3:80:80', 'IP address "1.2.3" in "1.2.3:80:80" is not a valid IPv4 or IPv6 address'],
    ['[::1:80:80', 'IP address in "[::1:80:80" is missing its closing "]"'],
    ['[::1]:80', 'After the IP address in "[::1]:80" write hostPort:containerPort, or :containerPort for any free host port'],
    ['8080:', 'No container port in "8080:"; write it as [ip:][hostPort:]containerPort[/protocol]'],
    ['/udp', 'No container port in "/udp"; write it as [ip:][hostPort:]containerPort[/protocol]'],
    ['80/udp/x', '"udp/x" in "80/udp/x" has more than one "/"; write the protocol once, e.g. 53/udp'],
    ['', 'A port mapping is empty; write it as [ip:][hostPort:]containerPort[/protocol], e.g. 8080:80'],
    ['published=8080', '"published=8080" has no target= (the container port)'],
    ['target=80,foo=1', '"foo" in "target=80,foo=1" is not a port option; use target, published or protocol'],
  ])('rejects %s', (s, message) => {
    const e = errorOf(() => parsePortSpec(s));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.field).toBe('ports');
    expect(e.message).toBe(message);
  });
});

describe('formatPortSpec', () => {
  it.each([
    ['80', '80'],
    ['8080:80/tcp', '8080:80'],
    ['::1:8080:80', '[::1]:8080:80'],
    ['127.0.0.1::80/UDP', '127.0.0.1::80/udp'],
    ['8000-8010:80-90', '8000-8010:80-90'],
    [':80', '80'],
    ['target=80,published=8080', '8080:80'],
  ])('%s -> %s', (input, canonical) => {
    expect(formatPortSpec(parsePortSpec(input))).toBe(canonical);
  });

  it('rejects inconsistent mappings', () => {
    expect(errorOf(() => formatPortSpec({ containerPort: 80, hostPortEnd: 90, protocol: 'tcp' })).message).toBe(
      'A host port range needs its first port',
    );
    expect(errorOf(() => formatPortSpec({ containerPort: 0, protocol: 'tcp' })).code).toBe('INVALID_INPUT');
  });
});

describe('expandPortMapping', () => {
  it('pairs equal ranges port by port', () => {
    expect(expandPortMapping(parsePortSpec('127.0.0.1:8000-8001:80-81/udp'))).toStrictEqual([
      { containerPort: 80, protocol: 'udp', hostIp: '127.0.0.1', hostPort: 8000 },
      { containerPort: 81, protocol: 'udp', hostIp: '127.0.0.1', hostPort: 8001 },
    ]);
  });
  it('keeps a host range for a single container port (engine picks one)', () => {
    expect(expandPortMapping(parsePortSpec('8000-8010:80'))).toStrictEqual([
      { containerPort: 80, protocol: 'tcp', hostPort: 8000, hostPortEnd: 8010 },
    ]);
  });
  it('leaves host ports dynamic when none is given', () => {
    expect(expandPortMapping(parsePortSpec('80-82'))).toStrictEqual([
      { containerPort: 80, protocol: 'tcp' },
      { containerPort: 81, protocol: 'tcp' },
      { containerPort: 82, protocol: 'tcp' },
    ]);
  });
});

describe('port keys', () => {
  it('formats and parses engine keys', () => {
    expect(portKey(80, 'tcp')).toBe('80/tcp');
    expect(portKey(53, 'udp')).toBe('53/udp');
    expect(portKey(8080)).toBe('8080/tcp');
    expect(parseExposedPortKey('80/tcp')).toStrictEqual({ containerPort: 80, protocol: 'tcp' });
    expect(parseExposedPortKey('53/udp')).toStrictEqual({ containerPort: 53, protocol: 'udp' });
    expect(parseExposedPortKey('443')).toStrictEqual({ containerPort: 443, protocol: 'tcp' });
    expect(errorOf(() => parseExposedPortKey('80/xyz')).message).toBe('"xyz" in "80/xyz" is not a protocol; use tcp, udp or sctp');
    expect(errorOf(() => parseExposedPortKey('/tcp')).message).toBe('No port number in "/tcp"; expected e.g. 80/tcp');
  });
});

const port = fc.integer({ min: 1, max: 65535 });
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const ipv6 = fc.ipV6();
/** Canonical PortMappings: ranges only where they differ, host range lengths consistent. */
const portMappingArb: fc.Arbitrary<PortMapping> = fc
  .record({
    hostIp: fc.option(fc.oneof(ipv4, ipv6), { nil: undefined }),
    kind: fc.constantFrom('single', 'range', 'hostRangeToOne'),
    host: fc.boolean(),
    a: port,
    b: port,
    len: fc.integer({ min: 1, max: 100 }),
    protocol: fc.constantFrom('tcp' as const, 'udp' as const, 'sctp' as const),
  })
  .map(({ hostIp, kind, host, a, b, len, protocol }) => {
    const c = Math.min(a, 65535 - len);
    const h = Math.min(b, 65535 - len);
    const m: PortMapping = { containerPort: c, protocol };
    if (hostIp !== undefined) m.hostIp = hostIp;
    if (kind === 'range') {
      m.containerPortEnd = c + len;
      if (host) {
        m.hostPort = h;
        m.hostPortEnd = h + len;
      }
    } else if (kind === 'hostRangeToOne') {
      m.hostPort = h;
      m.hostPortEnd = h + len;
    } else if (host) {
      m.hostPort = h;
    }
    return m;
  });

describe('ports properties', () => {
  it('parse(format(m)) equals m, and format is canonical', () => {
    fc.assert(
      fc.property(portMappingArb, (m) => {
        const s = formatPortSpec(m);
        expect(parsePortSpec(s)).toEqual(m);
        expect(formatPortSpec(parsePortSpec(s))).toBe(s);
        expect(PortMapping.parse(parsePortSpec(s))).toEqual(m);
      }),
      { numRuns },
    );
  });

  it('expansion yields one binding per container port', () => {
    fc.assert(
      fc.property(portMappingArb, (m) => {
        const n = (m.containerPortEnd ?? m.containerPort) - m.containerPort + 1;
        expect(expandPortMapping(m)).toHaveLength(n);
      }),
      { numRuns },
    );
  });

  it('garbage either parses or throws INVALID_INPUT', () => {
    const chars = fc.constantFrom(...'0123456789:-/[].abcdpu=, tcpudp'.split(''));
    const garbage = fc.oneof(fc.string(), fc.string({ unit: chars, maxLength: 24 }));
    fc.assert(
      fc.property(garbage, (s) => {
        try {
          const m = parsePortSpec(s);
          expect(parsePortSpec(formatPortSpec(m))).toEqual(m);
        } catch (e) {
          expect(e).toBeInstanceOf(BerthError);
          expect((e as BerthError).code).toBe('INVALID_INPUT');
        }
      }),
      { numRuns },
    );
  });
});
