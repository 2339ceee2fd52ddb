// Deleted proposals, kept 30 days: each can be restored; the trash can be emptied (after asking).
import type { DatabaseClient } from './database-client.ts';
import { useConfirm } from './ConfirmDialog.tsx';
import { useDataChanges } from './data-changes.ts';
import { formatDate } from './format.ts';
import { useAsync } from './use-async.ts';

export function Trash({ db, revision, onRestored, onClose }: { db: DatabaseClient; revision: number; onRestored: (id: number) => void; onClose: () => void }) {
  const [trash, reload] = useAsync(() => db.listTrash(), [revision]);
  useDataChanges((c) => { if (c.proposals) reload(); });
  const { dialog, ask } = useConfirm();

  const restore = async (id: number) => {
    await db.restoreProposal(id);
    onRestored(id);
  };
  const empty = async (count: number) => {
    const yes = await ask({
      title: 'Empty the trash?', yes: 'Delete them for good', no: 'Keep them', danger: true,
      body: <p>The {count === 1 ? 'proposal' : `${count} proposals`} in the trash will be deleted for good, with {count === 1 ? 'its' : 'their'} versions. This cannot be undone.</p>,
    });
    if (yes) { await db.emptyTrash(); reload(); }
  };

  const items = trash.status === 'done' ? trash.value : [];
  return (
    <section class="trash" aria-labelledby="trash-title">
      <div class="trash-head">
        <h2 id="trash-title">Trash</h2>
        <button type="button" onClick={onClose}>Back to the list</button>
      </div>
      <p class="list-note">Deleted proposals stay here for 30 days, then they are deleted for good.</p>
      {trash.status === 'error' && <p role="alert" class="error">The trash could not be read: {trash.error.message}</p>}
      {trash.status === 'done' && items.length === 0 && <p class="list-note">The trash is empty.</p>}
      {items.length > 0 && (
        <>
          <ul aria-label="Deleted proposals" class="trash-list">
            {items.map((p) => (
              <li key={p.id}>
                <span class="row-title" dir="auto">{p.title}</span>
                <span class="row-meta">{p.clientName && <span dir="auto">{p.clientName}</span>}<span>Deleted <time dateTime={p.deletedAt}>{formatDate(p.deletedAt)}</time></span></span>
                <button type="button" onClick={() => void restore(p.id)} aria-label={`Restore “${p.title}”`}>Restore</button>
              </li>
            ))}
          </ul>
          <div class="actions trash-actions"><button type="button" class="danger" onClick={() => void empty(items.length)}>Empty the trash</button></div>
        </>
      )}
      {dialog}
    </section>
  );
}
