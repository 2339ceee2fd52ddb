import { useEffect, useState } from 'preact/hooks';
import type { Settings, StartupState, StartupTimings } from '../db/api.ts';
import { newestOnly } from '../db/startup-states.ts';
import { DatabasePanel } from './DatabasePanel.tsx';
import type { DatabaseClient } from './database-client.ts';
import { fromElsewhere, listenForChanges, useDataChanges } from './data-changes.ts';
import { applyBootSettings } from './boot-settings.ts';
import { SettingsScreen } from './SettingsScreen.tsx';
import { Workbench } from './Workbench.tsx';
import { FailedScreen, LoadingScreen, LockedScreen, StaleScreen, UnavailableScreen } from './StartupScreens.tsx';
import { UpdatePrompt } from './UpdatePrompt.tsx';
import { startAgainAfterRestore, takeNotice } from './restored.ts';
import { nearQuota, useStorageStatus } from './storage-status.ts';
import { formatBytes } from './format.ts';
import { failureNotice, NoticeLine, useNotice } from './notice.tsx';
import { LazyDashboard } from './dashboard/LazyDashboard.tsx';
import { SHORTCUTS, type ShortcutName } from './shortcuts.ts';
import { syncBadge, syncWords } from './sync-words.ts';
import { useSyncStatus } from './use-sync-status.ts';

type View = 'proposals' | 'settings' | 'database' | 'dashboard';
const VIEWS: { name: View; label: string; shortcut: ShortcutName }[] = [
  { name: 'proposals', label: 'Proposals', shortcut: 'proposalsView' },
  { name: 'settings', label: 'Settings', shortcut: 'settingsView' },
  { name: 'database', label: 'Database', shortcut: 'databaseView' },
  { name: 'dashboard', label: 'Dashboard', shortcut: 'dashboardView' },
];

declare global {
  interface Window {
    /** Start-up milestones in ms since navigation, read by the benchmark and tests. */
    __dbStartup?: { ready: number } & { [K in keyof StartupTimings]?: number };
  }
}

function recordReady(timings: StartupTimings) {
  const since = (t?: number) => (t === undefined ? undefined : t - performance.timeOrigin);
  window.__dbStartup = {
    ready: performance.now(),
    workerStart: since(timings.workerStart), wasmReady: since(timings.wasmReady), vfsReady: since(timings.vfsReady),
    dbOpen: since(timings.dbOpen), engineDone: since(timings.engineDone), migrated: since(timings.migrated),
  };
}

/** The focus to the screen's first field or heading that shows (the search, the job post, a panel's title). */
function focusMain(tries = 30) {
  const main = document.getElementById('main');
  const visible = (el: HTMLElement) => el.getClientRects().length > 0;
  const target = [...(main?.querySelectorAll<HTMLElement>('#search, #job, h1') ?? [])].find(visible);
  // A screen still reading its data has none yet: look again next frame (for half a second).
  if (!target && tries > 0) return void requestAnimationFrame(() => focusMain(tries - 1));
  if (target?.tagName === 'H1') target.tabIndex = -1;
  (target ?? main)?.focus();
}

export function App({ db }: { db: DatabaseClient }) {
  const [state, setState] = useState<StartupState | null>(null);
  const [view, setView] = useState<View>('proposals');
  const [settings, setSettings] = useState<Settings | null>(null);

  useEffect(() => {
    // The reply to startup() and the change events arrive separately: keep the newest.
    const newest = newestOnly();
    const onChange = (s: StartupState) => {
      if (!newest(s)) return;
      if (s.phase === 'ready') {
        if (!window.__dbStartup) recordReady(s.timings);
        loadSettings();
      }
      setState(s);
    };
    listenForChanges(db);
    void db.startup(onChange).then(onChange);
  }, [db]);

  // Settings live in the database; boot.js only remembers the theme and provider origin.
  const settingsNotice = useNotice();
  const loadSettings = () => void db.getSettings().then(
    (loaded) => { applyBootSettings(loaded); setSettings(loaded); settingsNotice.setNotice(null); },
    (e) => settingsNotice.setNotice(failureNotice('Your settings could not be read, so the app cannot show your work', e, '. Reload to try again; nothing stored was changed.')),
  );
  // Changed in another tab: the theme and everything else apply here too. A restore replaced the
  // whole database: start again on it.
  useDataChanges((change) => {
    if (change.restored) { if (fromElsewhere(change)) startAgainAfterRestore(); } // the tab that asked does, with its notice
    else if (change.settings) loadSettings();
  });
  const [notice, setNotice] = useState(takeNotice);
  const [storage] = useStorageStatus();
  const sync = useSyncStatus(db);
  const badge = sync && syncBadge(sync);

  // Alt+1/2/3: the screen, with the focus in it (on its heading; on the workbench, the search or
  // the editor, whichever shows), never left on a button that is gone.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const view = VIEWS.find((v) => SHORTCUTS[v.shortcut].test(e));
      if (!view) return;
      e.preventDefault();
      setView(view.name);
      requestAnimationFrame(() => focusMain());
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);

  let body;
  if (!state || state.phase === 'loading' || state.phase === 'migrating') body = <LoadingScreen state={state ?? { phase: 'loading', step: 'wasm' }} />;
  else if (state.phase === 'failed') body = <FailedScreen db={db} state={state} />;
  else if (state.phase === 'locked') body = <LockedScreen />;
  else if (state.phase === 'stale') body = <StaleScreen />;
  else if (state.phase === 'unavailable') body = <UnavailableScreen db={db} state={state} />;
  else {
    body = (
      <>
        {state.persistent && storage && nearQuota(storage) && (
          <div class="banner-unsaved" role="alert">
            Storage is almost full ({formatBytes(storage.usage)} of {formatBytes(storage.quota)}): new work may not be saved. Open Database to download a backup and delete old ones.
          </div>
        )}
        {!state.persistent && (
          <div class="banner-unsaved" role="alert">
            Not saved: this tab uses a temporary database. Everything here is lost when you close it.
          </div>
        )}
        <main id="main" tabIndex={-1} class="workspace" data-ready={settings ? 'true' : undefined}>
          {!settings ? <NoticeLine notice={settingsNotice.notice} />
            : view === 'proposals' ? <Workbench db={db} settings={settings} onOpenSettings={() => { setView('settings'); requestAnimationFrame(() => focusMain()); }} />
            : view === 'settings' ? <SettingsScreen db={db} settings={settings} onChange={setSettings} onLeftUnsaved={setNotice} />
            : view === 'dashboard' ? <LazyDashboard db={db} />
            : <DatabasePanel db={db} />}
        </main>
      </>
    );
  }

  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => { e.preventDefault(); focusMain(); }}>Skip to the main content</a>
      <header class="topbar">
        <span class="brand">Upwork Researcher</span>
        {state?.phase === 'ready' && (
          <nav aria-label="Main">
            {VIEWS.map((v) => (
              <button key={v.name} type="button" aria-current={view === v.name ? 'page' : undefined} onClick={() => setView(v.name)} title={SHORTCUTS[v.shortcut].label}>{v.label}</button>
            ))}
          </nav>
        )}
        {state?.phase === 'ready' && badge && (
          <span class={`sync-badge sync-${sync.state}`} data-testid="sync-badge" title={syncWords(sync)}>{badge}</span>
        )}
      </header>
      {/* Registering the service worker precaches ~1.2 MB (the WASM included): wait until start-up
          is over so it does not compete with the database worker for the network and the CPU. */}
      {state && state.phase !== 'loading' && state.phase !== 'migrating' && <UpdatePrompt />}
      {notice && (
        <div class="banner-notice" role="status">
          {notice} <button type="button" onClick={() => setNotice(null)}>Dismiss</button>
        </div>
      )}
      {body}
    </>
  );
}
