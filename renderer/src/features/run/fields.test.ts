import { describe, expect, it } from 'vitest';
import { formFieldOf, hasAdvanced, isAdvancedKey, specRowsOf } from './fields';
import { emptyForm, emptyPortRow } from './form';
import { toRunSpec } from './toRequest';

describe('the run form fields', () => {
  it('knows which error keys sit under Advanced', () => {
    expect(['logDriver', 'labels.2', 'logOpts.0', 'memorySwap', 'capAdd'].every(isAdvancedKey)).toBe(true);
    expect(['image', 'ports.0.hostPort', 'env.1', 'networkAliases', 'restartRetries', 'form'].some(isAdvancedKey)).toBe(false);
  });

  it('opens Advanced for a form with an advanced value', () => {
    expect(hasAdvanced(emptyForm('x'))).toBe(false);
    expect(hasAdvanced({ ...emptyForm('x'), privileged: true })).toBe(true);
    expect(hasAdvanced({ ...emptyForm('x'), labels: [{ key: 'a', value: '' }] })).toBe(true);
    expect(hasAdvanced({ ...emptyForm('x'), memory: '1g' })).toBe(false);
  });

  it('puts a spec row error on the form row it came from (blank rows are not in the spec)', () => {
    const f = emptyForm('x');
    f.ports = [emptyPortRow(), emptyPortRow('80', '8080')];
    f.mounts = [{ type: 'volume', source: '', target: '', readOnly: false }, { type: 'tmpfs', source: '', target: '/a', readOnly: false }];
    expect(specRowsOf(f)).toEqual({ ports: [1], mounts: [1], env: [] });
    expect(formFieldOf('ports[0]', f)).toBe('ports.1.hostPort');
    expect(formFieldOf('mounts.0.target', f)).toBe('mounts.1');
    expect(formFieldOf('log', f)).toBe('logDriver');
    expect(formFieldOf('memory', f)).toBe('memory');
    expect(formFieldOf('autoRemove', f)).toBe('form');
    expect(formFieldOf('envFiles', f)).toBe('form');
    expect(formFieldOf('ports', f, undefined, 'Bind for 0.0.0.0:8080 failed')).toBe('ports.1.hostPort');
  });

  it('shows the rules of a run on their form field', () => {
    const f = emptyForm('busybox');
    f.mounts = [{ type: 'tmpfs', source: '', target: '', readOnly: false }, { type: 'bind', source: 'rel', target: '/a', readOnly: false }];
    f.network = 'host';
    f.ports = [emptyPortRow('80')];
    f.cpus = '0.001';
    f.networkAliases = 'web';
    f.logDriver = 'none';
    f.logOpts = [{ key: 'max-size', value: '1m' }];
    const { errors, spec } = toRunSpec(f);
    expect(spec).toBeUndefined();
    expect(errors).toMatchObject({
      'mounts.1': expect.stringMatching(/must be a host path/),
      ports: expect.stringMatching(/no network of its own/),
      cpus: expect.stringMatching(/minimum of 0.01/),
      networkAliases: expect.stringMatching(/only on a network you created/),
      logDriver: expect.stringMatching(/"none" log driver takes no --log-opt options/),
    });
  });
});
