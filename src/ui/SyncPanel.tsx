// Sync between this person's devices: off until turned on here. The first device makes a space on
// a server; the others join with the pairing code (or its QR code) shown by a device already in.
import { useState } from 'preact/hooks';
import { useConfirm } from './ConfirmDialog.tsx';
import type { DatabaseClient } from './database-client.ts';
import { NoticeLine, useNotice } from './notice.tsx';
import { PairingQr } from './PairingQr.tsx';
import { syncWords } from './sync-words.ts';
import { useSyncStatus } from './use-sync-status.ts';

export function SyncPanel({ db }: { db: DatabaseClient }) {
  const status = useSyncStatus(db);
  const [server, setServer] = useState('');
  const [code, setCode] = useState('');
  const [pairing, setPairing] = useState<string | null>(null);
  const { notice, setNotice, attempt } = useNotice();
  const { dialog, ask } = useConfirm();
  if (!status) return null;
  // Refused (its token was replaced) or unreadable here (a database from another browser): the
  // same space's new code pairs it again, keeping what waits to be sent.
  const pairAgain = status.state === 'error' && (status.problem === 'refused' || status.problem === 'unpaired');

  const create = async (e: Event) => {
    e.preventDefault();
    setNotice(null);
    if ((await attempt('Sync was not turned on', () => db.createSyncSpace(server))) !== undefined) setNotice({ text: 'Sync is on. Show the pairing code on this device to add another.', tone: 'ok' });
  };
  const join = async (e: Event) => {
    e.preventDefault();
    setNotice(null);
    if ((await attempt(pairAgain ? 'This device was not paired again' : 'This device did not join', () => db.joinSyncSpace(code))) !== undefined) {
      setCode('');
      setNotice({ text: pairAgain ? 'Paired again: this device syncs again, with everything it kept.' : 'Joined: this device now syncs with the others.', tone: 'ok' });
    }
  };
  const replace = async () => {
    const yes = await ask({
      title: 'Replace the pairing code?',
      body: 'Every other device, and anyone who has the current code, is refused from now on. Your devices keep everything they hold and sync again once you enter the new code on each.',
      yes: 'Replace the pairing code', no: 'Keep it', danger: true,
    });
    if (!yes || !(await attempt('The pairing code was not replaced', async () => { await db.replaceSyncToken(); return true; }))) return;
    await show();
    setNotice({ text: 'The pairing code was replaced: enter the new one on your other devices.', tone: 'ok' });
  };
  const show = async () => setPairing((await attempt('The pairing code could not be shown', () => db.syncPairingCode())) ?? null);
  const leave = async () => {
    if ((await attempt('Sync was not turned off', () => db.leaveSync())) !== undefined) {
      setPairing(null);
      setNotice({ text: 'Sync is off. Everything stays on this device.', tone: 'ok' });
    }
  };

  const joinForm = (
    <form onSubmit={join} class="sync-form">
      <label for="sync-code">{pairAgain ? 'New pairing code from a device that syncs' : 'Pairing code from a device that syncs'}</label>
      <input id="sync-code" required autocomplete="off" spellcheck={false} value={code} onInput={(e) => setCode(e.currentTarget.value)} />
      <button type="submit">{pairAgain ? 'Pair again' : 'Join'}</button>
    </form>
  );

  return (
    <section aria-labelledby="sync-title">
      <h2 id="sync-title">Sync between your devices</h2>
      <p role="status" data-testid="sync-status">{syncWords(status)}</p>
      {status.state === 'off' ? (
        <>
          <form onSubmit={create} class="sync-form">
            <label for="sync-server">Sync server address</label>
            <input id="sync-server" type="url" required placeholder="https://sync.example.com" value={server} onInput={(e) => setServer(e.currentTarget.value)} />
            <button type="submit">Turn on sync</button>
          </form>
          {joinForm}
          <p class="fine">The server keeps your proposals and settings (not your API key) so that your devices can sync through it: it can read them. Use a server you trust, over https.</p>
        </>
      ) : (
        <>
          <p class="fine">Server: {status.server}</p>
          {pairAgain && joinForm}
          {!pairAgain && <button type="button" onClick={() => void show()}>Show the pairing code</button>}
          {!pairAgain && <button type="button" onClick={() => void replace()}>Replace the pairing code</button>}
          <button type="button" onClick={() => void leave()}>Leave sync</button>
          {pairing && (
            <div class="pairing">
              <label for="pairing-code">Pairing code (it lets a device read and change everything here: share it only with your own devices)</label>
              <textarea id="pairing-code" readOnly rows={3} value={pairing} />
              <PairingQr code={pairing} />
            </div>
          )}
        </>
      )}
      <NoticeLine notice={notice} />
      {dialog}
    </section>
  );
}
