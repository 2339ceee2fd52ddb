// The dashboard is fetched when first opened, with its chart library: the app's start-up and
// its main bundle carry none of it.
import { useEffect, useState } from 'preact/hooks';
import type { FunctionComponent } from 'preact';
import type { DatabaseClient } from '../database-client.ts';

type DashboardComponent = FunctionComponent<{ db: DatabaseClient }>;
let loaded: DashboardComponent | null = null;

export function LazyDashboard({ db }: { db: DatabaseClient }) {
  const [Dashboard, setDashboard] = useState<DashboardComponent | null>(() => loaded);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (loaded) return;
    import('./Dashboard.tsx').then(
      (m) => { loaded = m.default; setDashboard(() => m.default); },
      (e: Error) => setError(`The dashboard could not be loaded (${e.message}). Reload to try again.`),
    );
  }, []);
  if (error) return <p role="alert" class="error">{error}</p>;
  return Dashboard ? <Dashboard db={db} /> : <p role="status">Loading the dashboard…</p>;
}
