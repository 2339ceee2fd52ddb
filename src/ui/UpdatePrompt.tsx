import { useRegisterSW } from 'virtual:pwa-register/preact';

/** A new version never takes over an open tab by itself: the user chooses when to reload. */
const CHECK_EVERY_MS = 60 * 60 * 1000;

export function UpdatePrompt() {
  const { needRefresh: [needRefresh, setNeedRefresh], updateServiceWorker } = useRegisterSW({
    // A tab left open for days still hears about new versions.
    onRegisteredSW: (_url, registration) => {
      if (registration) setInterval(() => void registration.update().catch(() => {}), CHECK_EVERY_MS);
    },
  });
  if (!needRefresh) return null;
  return (
    <div class="update" role="status">
      <span>A new version of Upwork Researcher is available.</span>
      <button type="button" class="primary" onClick={() => updateServiceWorker(true)}>Reload to update</button>
      <button type="button" onClick={() => setNeedRefresh(false)}>Later</button>
    </div>
  );
}
