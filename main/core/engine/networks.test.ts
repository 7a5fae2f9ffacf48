// Unit tests: subnet checks, attached container names, and the API version comparison volume prune relies on.
import { describe, expect, it } from 'vitest';
import { attachedNames, checkSubnet } from './networks.js';
import { apiAtLeast } from './volumes.js';

describe('checkSubnet', () => {
  it('accepts CIDR v4 and v6, refuses the rest with INVALID_INPUT on subnet', () => {
    expect(checkSubnet('172.30.0.0/16')).toBe('172.30.0.0/16');
    expect(checkSubnet('fd00:1::/64')).toBe('fd00:1::/64');
    for (const bad of ['172.30.0.0', '172.30.0.0/33', '300.1.1.1/8', 'x/8', '10.0.0.0/8/1', 'fd00::/129']) {
      expect(() => checkSubnet(bad), bad).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'subnet' }));
    }
  });
});

describe('attachedNames', () => {
  it('uses names, falling back to short ids', () => {
    expect(attachedNames({ Id: 'n', Name: 'n', Containers: { ['a'.repeat(64)]: { Name: 'web' }, ['b'.repeat(64)]: {} } })).toEqual(['web', 'bbbbbbbbbbbb']);
    expect(attachedNames({ Id: 'n', Name: 'n', Containers: null })).toEqual([]);
  });
});

describe('apiAtLeast', () => {
  it('compares major.minor numerically', () => {
    expect(apiAtLeast('1.41', '1.42')).toBe(false);
    expect(apiAtLeast('1.42', '1.42')).toBe(true);
    expect(apiAtLeast('1.100', '1.42')).toBe(true);
    expect(apiAtLeast('2.0', '1.42')).toBe(true);
  });
});
