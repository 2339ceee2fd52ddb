// Pairing codes: a code read back is the space it was made from; a mistyped, cut or foreign code is
// refused in words before any server is asked; a server address must be just http(s) and a host.
import { describe, expect, it } from 'vitest';
import { decodePairing, encodePairing, PairingError, serverAddress, SyncSetupError } from './pairing.ts';

const space = { server: 'https://sync.example.com', space: 'abc123abc123abc123abc123', token: 'tok-en_1', doc: 'automerge:3vLB2fRcNraBn3nYqVRGHZJ94pfk' };

describe('pairing codes', () => {
  it('read back as the space they were made from, spaces and line breaks ignored', () => {
    const code = encodePairing(space);
    expect(code).toMatch(/^UR1-[\w-]+\.\w{7}$/);
    expect(decodePairing(` ${code.slice(0, 20)}\n${code.slice(20)} `)).toEqual(space);
  });

  it('refuse a code with one character changed, cut short, foreign or empty, each in words', () => {
    const code = encodePairing(space);
    const changed = code.slice(0, 10) + (code[10] === 'A' ? 'B' : 'A') + code.slice(11);
    for (const [bad, words] of [[changed, /mistyped/], [code.slice(0, -3), /mistyped/], ['hello', /not a pairing code/], ['', /Enter the pairing code/]] as const) {
      expect(() => decodePairing(bad)).toThrow(PairingError);
      expect(() => decodePairing(bad)).toThrow(words);
    }
  });

  it('are not made before the space has its document', () => {
    expect(() => encodePairing({ ...space, doc: undefined })).toThrow(SyncSetupError);
  });

  it('take a server address as http(s) without query, credentials or trailing slash', () => {
    expect(serverAddress(' https://sync.example.com/ ')).toBe('https://sync.example.com');
    expect(serverAddress('http://127.0.0.1:3030')).toBe('http://127.0.0.1:3030');
    for (const bad of ['sync.example.com', 'ftp://x.org', 'https://u:p@x.org', 'https://x.org/?t=1']) expect(() => serverAddress(bad)).toThrow(SyncSetupError);
  });
});
