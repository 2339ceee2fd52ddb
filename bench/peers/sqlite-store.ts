// The benchmark's work for every SQLite runtime (official build, SQLocal, wa-sqlite): the app's
// own schema (V1–V4 from migrations/, embedded at build time) and statements like the app's.
import migrations from 'virtual:migrations';
import { PAGE, type BenchRow, type PeerStore } from './store.ts';

type Value = string | number | null;

/** The least a runtime's connection must offer; each runtime maps it onto its own API. */
export interface SqlConnection {
  /** Runs one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  all(sql: string, params?: Value[]): Promise<Record<string, unknown>[]>;
  /** Runs `sql` once per parameter list, all in one transaction. */
  insertMany(sql: string, rows: Value[][]): Promise<void>;
}

const SCHEMA = migrations.filter((m) => m.version <= 4).map((m) => m.sql).join('\n');
const INSERT = `INSERT INTO proposals (job_content, generated_text, client_name, created_at) VALUES (?, ?, ?, ?)`;
const asParams = (r: BenchRow): Value[] => [r.job_content, r.generated_text, r.client_name, r.created_at];

export function sqliteStore(connect: () => Promise<{ conn: SqlConnection; storage: string }>): PeerStore {
  let conn: SqlConnection;
  return {
    async open() {
      const opened = await connect();
      conn = opened.conn;
      const [{ n }] = await conn.all(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'proposals'`);
      if (Number(n) === 0) await conn.exec(`BEGIN IMMEDIATE;\n${SCHEMA}\nCOMMIT;`);
      await conn.all('SELECT count(*) AS n FROM proposals');
      return { storage: opened.storage };
    },
    async createOne(row) {
      const [{ id }] = await conn.all(`${INSERT} RETURNING id`, asParams(row));
      return Number(id);
    },
    async writeOne(id, text) {
      await conn.all(`UPDATE proposals SET generated_text = ?, updated_at = datetime('now') WHERE id = ?`, [text, id]);
    },
    async bulk(rows) {
      await conn.insertMany(INSERT, rows.map(asParams));
    },
    async search(word) {
      // As the app searches: the word as a prefix, ranked by bm25 with the app's weights.
      const rows = await conn.all(
        `SELECT p.id, substr(p.job_content, 1, 300) AS title FROM proposals_fts
         JOIN proposals p ON p.id = proposals_fts.rowid AND p.deleted_at IS NULL
         WHERE proposals_fts MATCH ? ORDER BY bm25(proposals_fts, 3.0, 1.0, 2.0) LIMIT ${PAGE}`,
        [`"${word}"*`],
      );
      return rows.length;
    },
    async firstPage() {
      const rows = await conn.all(
        `SELECT id, status, created_at, updated_at, client_name, substr(job_content, 1, 300) AS job_head
         FROM proposals WHERE deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT ${PAGE}`,
      );
      await conn.all('SELECT count(*) AS n FROM proposals WHERE deleted_at IS NULL');
      return rows.length;
    },
  };
}
