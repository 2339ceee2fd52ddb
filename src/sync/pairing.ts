// Pairing codes: what a device already in a space shows (as text and as a QR code) so that another
// can join. A code is the space's server, id, token and document, as base64url JSON behind a
// prefix and a check, so that a code cut short or mistyped is told apart from a refused one.
import type { SpaceConfig } from './status.ts';

const PREFIX = 'UR1-';

export class PairingError extends Error {
  readonly kind = 'sync';
  readonly problem = 'bad-code';
  constructor(message: string) {
    super(message);
    this.name = 'PairingError';
  }
}

export class SyncSetupError extends Error {
  readonly kind = 'sync';
  constructor(readonly problem: 'bad-server' | 'unreachable' | 'refused' | 'no-space' | 'full' | 'already-on' | 'not-ready' | 'unpaired' | 'off', message: string) {
    super(message);
    this.name = 'SyncSetupError';
  }
}

const toBase64Url = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (text: string) => new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));

/** A short check over the payload (FNV-1a, 32 bits): catches a character changed or cut. */
function check(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36).padStart(7, '0');
}

/** The server address as kept: http(s) only, no path, query or credentials. Throws SyncSetupError. */
export function serverAddress(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new SyncSetupError('bad-server', `"${input}" is not a web address: give the sync server's address, like https://sync.example.com.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SyncSetupError('bad-server', `The sync server's address must start with https:// (or http:// on this machine), not ${url.protocol}`);
  if (url.username || url.password || url.search || url.hash) throw new SyncSetupError('bad-server', 'The sync server\'s address must be just its origin and path, with no user name, query or #.');
  return url.href.replace(/\/+$/, '');
}

export function encodePairing(config: SpaceConfig): string {
  if (!config.doc) throw new SyncSetupError('not-ready', 'This device has not made its space\'s document yet: wait until it is synced.');
  const payload = toBase64Url(JSON.stringify({ u: config.server, s: config.space, t: config.token, d: config.doc }));
  return `${PREFIX}${payload}.${check(payload)}`;
}

/** Reads a pairing code; throws PairingError naming what is wrong with it. */
export function decodePairing(input: string): SpaceConfig {
  const code = input.replace(/\s+/g, '');
  if (!code) throw new PairingError('Enter the pairing code shown on a device that is already syncing.');
  if (!code.startsWith(PREFIX)) throw new PairingError('This is not a pairing code from this app (it should start with UR1-).');
  const [payload, sum, ...rest] = code.slice(PREFIX.length).split('.');
  if (!payload || !sum || rest.length || check(payload) !== sum) throw new PairingError('This pairing code is incomplete or mistyped: copy it again from the other device, or scan its QR code.');
  let data: { u?: unknown; s?: unknown; t?: unknown; d?: unknown };
  try {
    data = JSON.parse(fromBase64Url(payload));
  } catch {
    throw new PairingError('This pairing code cannot be read: copy it again from the other device.');
  }
  const { u, s, t, d } = data;
  if (typeof u !== 'string' || typeof s !== 'string' || typeof t !== 'string' || typeof d !== 'string' || !d.startsWith('automerge:')) {
    throw new PairingError('This pairing code is missing parts: copy it again from the other device.');
  }
  return { server: serverAddress(u), space: s, token: t, doc: d };
}
