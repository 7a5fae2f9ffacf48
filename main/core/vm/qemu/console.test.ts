import { describe, expect, it } from 'vitest';
import { ConsoleCapture } from './console.js';

describe('ConsoleCapture', () => {
  it('splits chunks into clean lines and keeps a bounded tail', () => {
    const c = new ConsoleCapture(3);
    c.push('one\r\ntw');
    c.push('o\n\u001b[1;32mthree\u001b[0m\nfour\nfive\n');
    expect(c.tail(10)).toEqual(['three', 'four', 'five']);
    expect(c.tail(2)).toEqual(['four', 'five']);
  });

  it('wakes a waiter on a marker line, including one already seen this boot', async () => {
    const c = new ConsoleCapture();
    const w = c.waitFor((l) => l.includes('stage network done'));
    c.push('berth: stage boot done\nberth: stage network done (eth0)\n');
    await expect(w.promise).resolves.toBe('berth: stage network done (eth0)');
    await expect(c.waitFor((l) => l.includes('boot done'), { includeSeen: true }).promise).resolves.toContain('boot');
  });

  it('reassembles multi-byte characters split across chunks', () => {
    const c = new ConsoleCapture();
    const b = Buffer.from('héllo\n');
    c.push(b.subarray(0, 2));
    c.push(b.subarray(2));
    expect(c.tail(1)).toEqual(['héllo']);
  });
});
