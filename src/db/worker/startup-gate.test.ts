import { describe, expect, it } from 'vitest';
import { StartupGate } from './startup-gate.ts';

describe('StartupGate', () => {
  it('holds a call made during start-up until start-up has finished', async () => {
    const gate = new StartupGate<string>();
    let served = false;
    const call = gate.wait().then((s) => { served = true; return s; });
    await new Promise((r) => setTimeout(r, 20));
    expect(served).toBe(false);
    gate.open('session');
    await expect(call).resolves.toBe('session');
  });

  it('gives calls made after a failed start-up the start-up error, and those waiting too', async () => {
    const gate = new StartupGate<string>();
    const waiting = gate.wait();
    const error = new Error('migration V3__x failed');
    gate.fail(error);
    await expect(waiting).rejects.toBe(error);
    await expect(gate.wait()).rejects.toBe(error);
  });

  it('fails calls at once while blocked, and serves them once opened', async () => {
    const gate = new StartupGate<string>();
    gate.block(() => new Error('open in another tab'));
    await expect(gate.wait()).rejects.toThrow('open in another tab');
    gate.open('taken over');
    await expect(gate.wait()).resolves.toBe('taken over');
  });
});
