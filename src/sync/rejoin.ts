// A device that left its space and joins it again (or a copy of a database that was once in it)
// holds proposals the space's document holds too, each perhaps changed on either side meanwhile.
// There is no shared history to merge them by, so at the first projection in the space: the side
// changed last (by `updated_at`) gives the proposal its fields, and a text changed on the other
// side too is kept as a version marked as merged. Nothing written on either side is lost.
import type { Db } from '../db/domain/db.ts';
import type { SpaceDoc } from './mapping.ts';

/** When this device left sync (kept by leaving, so that joining again knows what changed since). */
export const LEFT_AT = 'left_at';

/** Remembers when this device left, in the same transaction as leaving. */
export function noteLeft(db: Db): void {
  db.query(`INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, datetime('now'))`, [LEFT_AT]);
}

const text = (v: unknown): string | null => (v === undefined || v === null ? null : String(v));

/** A short, stable name for a text, so that settling twice (a crash before the mark) keeps it once. */
function fingerprint(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16) + s.length.toString(16);
}

/**
 * Settles this device's proposals against the document before its first projection in the space.
 * Returns the uids whose row wins (changed here last): they are not projected, their fields go out.
 */
export function settleRejoin(db: Db, doc: SpaceDoc): Set<string> {
  const ours = new Set<string>();
  const entries = doc.proposals ?? {};
  if (!Object.keys(entries).length) return ours;
  // Without the moment of leaving (a copied database), anything may have changed on either side.
  const left = text(db.query(`SELECT value FROM sync_state WHERE key = ?`, [LEFT_AT])[0]?.value) ?? '';
  const changedSince = (at: unknown) => (text(at) ?? '') > left;
  for (const row of db.query('SELECT id, uid, generated_text, updated_at FROM proposals WHERE uid IS NOT NULL')) {
    const e = entries[String(row.uid)];
    if (!e) continue;
    const here = changedSince(row.updated_at);
    const there = changedSince(e.updatedAt);
    if (!here) continue; // unchanged here: the document's fields are the newer ones
    const oursWins = !there || (text(row.updated_at) ?? '') > (text(e.updatedAt) ?? '');
    const loser = oursWins ? (there ? text(e.generatedText) : null) : text(row.generated_text);
    if (oursWins) ours.add(String(row.uid));
    if (!loser?.trim() || loser === (oursWins ? text(row.generated_text) : text(e.generatedText))) continue;
    db.query(
      `INSERT INTO proposal_versions (proposal_id, uid, generated_text, source, merged) VALUES (?, ?, ?, 'edited', 1) ON CONFLICT (uid) DO NOTHING`,
      [row.id, `rejoin-${row.uid}-${fingerprint(loser)}`, loser],
    );
    db.query(`UPDATE proposals SET merged_at = datetime('now') WHERE id = ?`, [row.id]);
  }
  return ours;
}

/** The moment of leaving has served once the device's first projection in the space is done. */
export const forgetLeft = (db: Db): void => void db.query(`DELETE FROM sync_state WHERE key = ?`, [LEFT_AT]);
