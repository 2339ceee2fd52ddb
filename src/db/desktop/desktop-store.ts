// The desktop app's records in this app's database (the V6 tables): read for the JSON export,
// added by an import. An import adds what is not there yet, so the same file twice is once.
import type { Db, SqlValue } from '../domain/db.ts';
import { SETTING_KEYS } from '../domain/settings.ts';
import {
  DESKTOP_LISTS, DESKTOP_PROPOSAL, DESKTOP_REVISION, DESKTOP_SAFETY_OVERRIDE, emptyDesktopLists, insertRow, isSecretSettingName, rowValues, selectRows,
  type DesktopLists, type DesktopProposalExtras, type DesktopRow, type DesktopTable,
} from './desktop-records.ts';

export interface StoredDesktopRecords {
  proposals: Map<number, DesktopProposalExtras>;
  versions: Map<number, DesktopRow>;
  /** Null when this database has none of the desktop's lists. */
  lists: DesktopLists | null;
}

const byKey = <T>(rows: DesktopRow[], key: string, map: (r: DesktopRow) => T) => {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const k = Number(r[key]);
    const list = out.get(k) ?? [];
    list.push(map(r));
    out.set(k, list);
  }
  return out;
};

const without = (row: DesktopRow, key: string): DesktopRow => {
  const { [key]: _, ...rest } = row;
  return rest;
};

/** Everything the desktop tables hold, keyed by this app's proposal and version ids. */
export function readStoredDesktop(db: Db): StoredDesktopRecords {
  const overrides = byKey(selectRows(db, DESKTOP_SAFETY_OVERRIDE, ['proposal_id'], 'id'), 'proposal_id', (r) => without(r, 'proposal_id'));
  const proposals = new Map<number, DesktopProposalExtras>();
  for (const r of selectRows(db, DESKTOP_PROPOSAL, ['proposal_id'])) {
    const id = Number(r.proposal_id);
    proposals.set(id, { record: without(r, 'proposal_id'), safety_overrides: overrides.get(id) ?? [] });
  }
  const versions = new Map(selectRows(db, DESKTOP_REVISION, ['version_id']).map((r) => [Number(r.version_id), without(r, 'version_id')]));
  const lists = emptyDesktopLists();
  let any = false;
  for (const [name, spec] of Object.entries(DESKTOP_LISTS) as [keyof DesktopLists, DesktopTable][]) {
    lists[name] = selectRows(db, spec, name === 'job_posts' ? ['id'] : [], 'id');
    any ||= lists[name].length > 0;
  }
  return { proposals, versions, lists: any ? lists : null };
}

const APP_SETTING_KEYS = new Set(Object.values(SETTING_KEYS));
/** A setting this app has no field for (the desktop's rates, thresholds, …), and that holds no secret. */
export const isDesktopOnlySetting = (key: string) => !APP_SETTING_KEYS.has(key) && !isSecretSettingName(key);

const keyOf = (...parts: SqlValue[]) => parts.map((p) => (p === null ? '\u0001' : String(p))).join('\u0000');

/** Adds the desktop's records of a file to this database, inside the caller's transaction. */
export function desktopWriter(db: Db) {
  /** The file's job post ids (its own numbering) to this database's. */
  const jobPosts = new Map<number, number>();

  return {
    /** Job posts not already here (same text, link and date); returns how many were added. */
    addLists(lists: DesktopLists | undefined): number {
      if (!lists) return 0;
      let added = 0;
      const known = new Map(db.query('SELECT id, raw_content, url, created_at FROM desktop_job_posts')
        .map((r) => [keyOf(r.raw_content, r.url, r.created_at), Number(r.id)]));
      for (const jp of lists.job_posts) {
        const key = keyOf(jp.raw_content, jp.url, jp.created_at);
        let id = known.get(key);
        if (id === undefined) {
          id = insertRow(db, DESKTOP_LISTS.job_posts, jp);
          known.set(key, id);
          added++;
        }
        jobPosts.set(Number(jp.id), id);
      }
      for (const s of lists.user_skills) {
        db.query(`INSERT INTO desktop_user_skills (skill, added_at, is_primary) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, rowValues(DESKTOP_LISTS.user_skills, s));
      }
      const golden = new Set(db.query('SELECT content, created_at FROM desktop_golden_set').map((r) => keyOf(r.content, r.created_at)));
      for (const g of lists.golden_set) {
        if (golden.has(keyOf(g.content, g.created_at))) continue;
        golden.add(keyOf(g.content, g.created_at));
        insertRow(db, DESKTOP_LISTS.golden_set, g);
      }
      // One voice profile per user: the one here is kept.
      const voices = new Set(db.query('SELECT user_id FROM desktop_voice_profiles').map((r) => String(r.user_id)));
      for (const v of lists.voice_profiles) if (!voices.has(String(v.user_id))) insertRow(db, DESKTOP_LISTS.voice_profiles, v);
      return added;
    },

    /**
     * A proposal's desktop record and safety overrides. To a proposal that was already here: its
     * record's empty fields filled, and only the overrides it does not have.
     */
    attachProposal(proposalId: number, extras: DesktopProposalExtras, existing: boolean): void {
      const fileJobPost = extras.record.job_post_id;
      const record = { ...extras.record, job_post_id: fileJobPost === null || fileJobPost === undefined ? null : jobPosts.get(Number(fileJobPost)) ?? null };
      const columns = Object.keys(DESKTOP_PROPOSAL.columns);
      const [filled] = existing
        ? db.query(
          `UPDATE desktop_proposals SET ${columns.map((c) => `${c} = coalesce(${c}, ?)`).join(', ')} WHERE proposal_id = ? RETURNING proposal_id`,
          [...rowValues(DESKTOP_PROPOSAL, record), proposalId],
        )
        : [];
      if (!filled) insertRow(db, DESKTOP_PROPOSAL, record, { proposal_id: proposalId });
      if (!extras.safety_overrides.length) return;
      const known = new Set(existing
        ? db.query('SELECT timestamp, ai_score, threshold_at_override FROM desktop_safety_overrides WHERE proposal_id = ?', [proposalId])
          .map((r) => keyOf(r.timestamp, r.ai_score, r.threshold_at_override))
        : []);
      for (const o of extras.safety_overrides) {
        const key = keyOf(o.timestamp, o.ai_score, o.threshold_at_override);
        if (known.has(key)) continue;
        known.add(key);
        insertRow(db, DESKTOP_SAFETY_OVERRIDE, o, { proposal_id: proposalId });
      }
    },

    /** The desktop records of versions just added, in one statement. */
    attachVersions(versions: { id: number; record: DesktopRow }[]): void {
      if (!versions.length) return;
      const columns = ['version_id', ...Object.keys(DESKTOP_REVISION.columns)];
      db.query(
        `INSERT INTO ${DESKTOP_REVISION.table} (${columns.join(', ')}) VALUES ${versions.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ')}`,
        versions.flatMap((v) => [v.id, ...rowValues(DESKTOP_REVISION, v.record)]),
      );
    },

    /** The desktop's own settings (rates, thresholds, …) that are not here yet; never a secret. Returns how many were added. */
    addSettings(settings: Record<string, string> | undefined): number {
      let added = 0;
      for (const [key, value] of Object.entries(settings ?? {})) {
        if (!isDesktopOnlySetting(key)) continue;
        added += db.query(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING RETURNING key`, [key, value]).length;
      }
      return added;
    },
  };
}
