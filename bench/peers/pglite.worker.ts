// PGlite (Postgres in WASM) in a worker: OPFS through its access-handle pool (`opfs-ahp://`),
// which needs a worker; IndexedDB when that cannot start here.
import { PGlite } from '@electric-sql/pglite';
import { expose } from 'comlink';
import { POSTGRES_SCHEMA } from './postgres-schema.ts';
import { PAGE, type PeerStore } from './store.ts';

let pg: PGlite;

async function start(): Promise<string> {
  try {
    pg = await PGlite.create('opfs-ahp://bench');
    return 'opfs-ahp';
  } catch (e) {
    console.warn(`PGlite on opfs-ahp failed, IndexedDB instead: ${e instanceof Error ? e.message : String(e)}`);
    pg = await PGlite.create('idb://bench');
    return 'idb';
  }
}

const INSERT = 'INSERT INTO proposals (job_content, generated_text, client_name, created_at) VALUES ($1, $2, $3, $4)';

const store: PeerStore = {
  async open() {
    const storage = await start();
    const { rows } = await pg.query<{ t: string | null }>(`SELECT to_regclass('proposals')::text AS t`);
    if (rows[0].t === null) await pg.exec(`BEGIN;\n${POSTGRES_SCHEMA}\nCOMMIT;`);
    await pg.query('SELECT count(*) AS n FROM proposals');
    return { storage };
  },
  async createOne(r) {
    const { rows } = await pg.query<{ id: number }>(`${INSERT} RETURNING id`, [r.job_content, r.generated_text, r.client_name, r.created_at]);
    return rows[0].id;
  },
  async writeOne(id, text) {
    await pg.query('UPDATE proposals SET generated_text = $1, updated_at = now() WHERE id = $2', [text, id]);
  },
  async bulk(rows) {
    await pg.transaction(async (tx) => {
      for (const r of rows) await tx.query(INSERT, [r.job_content, r.generated_text, r.client_name, r.created_at]);
    });
  },
  async search(word) {
    const { rows } = await pg.query(
      `SELECT id, substr(job_content, 1, 300) AS title FROM proposals, to_tsquery('simple', $1) q
       WHERE search @@ q AND deleted_at IS NULL ORDER BY ts_rank(search, q) DESC LIMIT ${PAGE}`,
      [`${word}:*`],
    );
    return rows.length;
  },
  async firstPage() {
    const { rows } = await pg.query(
      `SELECT id, status, created_at, updated_at, client_name, substr(job_content, 1, 300) AS job_head
       FROM proposals WHERE deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT ${PAGE}`,
    );
    await pg.query('SELECT count(*) AS n FROM proposals WHERE deleted_at IS NULL');
    return rows.length;
  },
};

expose(store);
