import { render } from 'preact';
import { App } from './ui/App.tsx';
import { startDatabaseWorker } from './ui/database-client.ts';
import { adoptOrphanDraft } from './ui/editor/local-draft.ts';
import { claimTabId } from './ui/this-tab.ts';
import './ui/styles.css';

// "Reload to update" in any tab activates the new version for all of them: each reloads into it.
if (navigator.serviceWorker?.controller) {
  navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
}

const tab = claimTabId();
const db = startDatabaseWorker(tab);
await tab;
await adoptOrphanDraft();
render(<App db={db} />, document.getElementById('app')!);
