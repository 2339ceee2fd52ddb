import { useEffect, useState } from 'preact/hooks';
import type { StartupState } from '../db/api.ts';
import type { DatabaseClient } from './database-client.ts';
import { explainStartupError } from './explain-error.ts';
import { DatabaseFiles } from './DatabaseFiles.tsx';
import { NoticeLine, useNotice } from './notice.tsx';

const STEP_TEXT = { wasm: 'Loading the database engine…', storage: 'Opening storage…', open: 'Opening your database…', owner: 'Connecting to your database…' };

export function LoadingScreen({ state }: { state: Extract<StartupState, { phase: 'loading' | 'migrating' }> }) {
  // Only show a progress bar when the update takes long enough to notice.
  const [slow, setSlow] = useState(false);
  useEffect(() => { const t = setTimeout(() => setSlow(true), 400); return () => clearTimeout(t); }, []);
  return (
    <main class="centered" aria-busy="true">
      <div class="spinner" aria-hidden="true" />
      {state.phase === 'loading'
        ? <p role="status">{STEP_TEXT[state.step]}</p>
        : (
          <div role="status">
            <p>Updating your database: V{state.version} {state.name.replace(/_/g, ' ')} ({state.done + 1} of {state.total})</p>
            {slow && <progress max={state.total} value={state.done} aria-label="Database update progress" />}
          </div>
        )}
    </main>
  );
}

export function FailedScreen({ db, state }: { db: DatabaseClient; state: Extract<StartupState, { phase: 'failed' }> }) {
  const x = explainStartupError(state.error);
  return (
    <main class="screen error-screen">
      <h1>{x.title}</h1>
      <p class="error-body" role="alert">{x.body}</p>
      <p>{x.advice}</p>
      <div class="actions">
        <button type="button" class={x.reload ? 'primary' : ''} onClick={() => location.reload()}>Reload</button>
      </div>
      <DatabaseFiles db={db} />
      <details>
        <summary>Technical details</summary>
        <pre>{JSON.stringify(state.error, null, 2)}</pre>
      </details>
    </main>
  );
}

export function LockedScreen() {
  return (
    <main class="screen">
      <h1>Waiting for an older version of Upwork Researcher</h1>
      <p role="status">A tab running an older version of this app still has your database open. Reload or close that tab: this one continues by itself as soon as it lets go.</p>
    </main>
  );
}

export function StaleScreen() {
  return (
    <main class="screen">
      <h1>A newer version of Upwork Researcher is open</h1>
      <p role="alert">Another tab runs a newer version of this app, and your database has moved on with it. This tab has stopped using it, so nothing gets mixed up: reload to continue with the newer version.</p>
      <div class="actions">
        <button type="button" class="primary" onClick={() => location.reload()}>Reload</button>
      </div>
    </main>
  );
}

export function UnavailableScreen({ db, state }: { db: DatabaseClient; state: Extract<StartupState, { phase: 'unavailable' }> }) {
  const { notice, attempt } = useNotice();
  return (
    <main class="screen error-screen">
      <h1>This browser cannot save your proposals</h1>
      <p role="alert">{state.error.message}</p>
      <p>This happens in private windows, in some older browsers, and when a page is not served over https. Open the app in a normal window of a current Chrome, Edge, Firefox or Safari to keep your work.</p>
      <div class="actions">
        <button type="button" onClick={() => location.reload()}>Try again</button>
        <button type="button" onClick={() => void attempt('The temporary database could not be started', () => db.useMemoryDatabase())}>Continue without saving</button>
      </div>
      <NoticeLine notice={notice} />
      <p class="fine">“Continue without saving” keeps everything in memory only: it is all gone when this tab closes.</p>
    </main>
  );
}
