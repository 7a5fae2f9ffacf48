import { describe, expect, it } from 'vitest';
import { BerthError, WireError, invalidInput } from './errors.js';

describe('BerthError', () => {
  it('survives a trip over the wire with code, field and detail', () => {
    const e = invalidInput('ports[0]', 'Port "80x" is not a number', 'raw: 80x');
    const wire = WireError.parse(JSON.parse(JSON.stringify(e.toWire())));
    const back = BerthError.fromWire(wire);
    expect(back).toBeInstanceOf(BerthError);
    expect(back.code).toBe('INVALID_INPUT');
    expect(back.field).toBe('ports[0]');
    expect(back.detail).toBe('raw: 80x');
    expect(wire).not.toHaveProperty('stack');
  });
});
