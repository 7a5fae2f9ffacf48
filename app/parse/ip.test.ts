import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIP, isIPv4, isIPv6 } from './ip.js';

const numRuns = Number(process.env.FUZZ_RUNS ?? 200);

describe('ip', () => {
  it.each(['127.0.0.1', '0.0.0.0', '255.255.255.255', '10.0.0.1'])('accepts IPv4 %s', (s) => {
    expect(isIPv4(s)).toBe(true);
    expect(isIP(s)).toBe(true);
  });
  it.each(['1.2.3', '256.0.0.1', '01.2.3.4', '1.2.3.4.5', '', 'a.b.c.d', '1..2.3'])('rejects IPv4 %s', (s) => {
    expect(isIPv4(s)).toBe(false);
  });
  it.each(['::', '::1', 'fe80::1', '2001:db8::8a2e:370:7334', '1:2:3:4:5:6:7:8', '::ffff:10.0.0.1', '1::', '1:2:3:4:5:6:1.2.3.4'])(
    'accepts IPv6 %s',
    (s) => {
      expect(isIPv6(s)).toBe(true);
    },
  );
  it.each([':', ':::', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', 'fe80::1%eth0', '1:2:3:4:5:6:7', '::1.2.3', 'g::1', '1:2:3:4:5:6:7:1.2.3.4'])(
    'rejects IPv6 %s',
    (s) => {
      expect(isIPv6(s)).toBe(false);
    },
  );
  it('accepts whatever fast-check calls an IP address', () => {
    fc.assert(fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (s) => isIP(s)), { numRuns });
  });
});
