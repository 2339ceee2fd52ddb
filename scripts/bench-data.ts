// The data benchmark: 10,000 proposals through the app's own repository code (SQLite WASM, in
// memory, in Node), each against the same SQL run by the native sqlite3 command-line tool.
// Prints JSON. The native side is timed as (script with the work) - (same script without it),
// both in one process and one in-memory database, so process start and schema cost cancel out.
import { spawnSync } from 'node:child_process';
import migrations from 'virtual:migrations';
import { sqliteDriver } from '../src/db/sqlite/sqlite-driver.ts';
import type { Db, SqlValue } from '../src/db/domain/db.ts';
import { parseExportFile } from '../src/db/domain/export-format.ts';
import { buildExport, importExport } from '../src/db/domain/export-import.ts';
import { countProposals, listProposals, searchProposals } from '../src/db/domain/proposals-repo.ts';
import { buildFtsQuery } from '../src/db/domain/search-query.ts';
import { migrate, withTransaction } from '../src/migrate/index.ts';
import { loadSqlite } from '../src/node/sqlite-node.ts';

const N = Number(process.env.BENCH_PROPOSALS ?? 10_000);
const QUERIES = 200;
const REPEAT = 3;

// Deterministic text, shaped like real posts: each proposal is about two of 40 topics (a few
// specific words each) written in a general vocabulary of 3,000 words used with Zipf frequencies,
// so a specific word matches a few hundred proposals and a common one nearly all.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const TOPIC_WORDS = ('react node python django rails laravel wordpress shopify figma logo brand seo copywriting ' +
  'scraping dashboard flutter swift kotlin devops docker kubernetes postgres mysql sqlite chatbot zapier excel ' +
  'marketing video animation unity blockchain solidity ecommerce stripe analytics testing translation accounting ' +
  'bookkeeping illustration podcast').split(' ');
const LEXICON = Array.from({ length: 3000 }, (_, i) => {
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sta', 'ber', 'qua', 'tion', 'ment', 'pro', 'ver', 'in', 'dex', 'al'];
  let w = '';
  for (let n = i + 7, k = 0; k < 2 + (i % 3); k++, n = Math.floor(n / 15) + k * 31) w += syllables[n % syllables.length];
  return `${w}${i}`;
});
const zipf = () => LEXICON[Math.min(LEXICON.length - 1, Math.floor(Math.pow(rand(), 3) * LEXICON.length))];
const prose = (n: number, topics: string[]) => Array.from({ length: n }, () => (rand() < 0.12 ? topics[Math.floor(rand() * topics.length)] : zipf())).join(' ');
const proposals = Array.from({ length: N }, (_, i) => {
  const topics = [TOPIC_WORDS[Math.floor(rand() * TOPIC_WORDS.length)], TOPIC_WORDS[Math.floor(rand() * TOPIC_WORDS.length)]];
  return {
    job: `Need help with ${topics.join(' and ')}\n${prose(80, topics)}`,
    text: `Hello, I have done ${topics[0]} work for years. ${prose(140, topics)}`,
    created: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString().replace('T', ' ').slice(0, 19),
  };
});
// What people type: topic words, as prefixes while typing, alone or with a second word.
const searches = Array.from({ length: QUERIES }, (_, i) => {
  const w = TOPIC_WORDS[(i * 7) % TOPIC_WORDS.length];
  return i % 3 === 0 ? `${w} ${TOPIC_WORDS[(i * 11) % TOPIC_WORDS.length]}` : w.slice(0, 3 + (i % 3));
});
// The worst case: the most common word, present in nearly every proposal.
const WORST = LEXICON[0];

const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const median = (xs: number[]) => quantile(xs, 0.5);
const time = (fn: () => void) => { const t0 = performance.now(); fn(); return performance.now() - t0; };

const sqlite3 = await loadSqlite();
async function freshDb(): Promise<{ db: Db; close: () => void }> {
  const raw = new sqlite3.oo1.DB(':memory:');
  const db = sqliteDriver(raw);
  await migrate(db, migrations);
  return { db, close: () => raw.close() };
}
const INSERT = 'INSERT INTO proposals (job_content, generated_text, created_at) VALUES (?, ?, ?)';
const insertAll = (db: Db) => withTransaction(db, () => { for (const p of proposals) db.query(INSERT, [p.job, p.text, p.created]); });

// --- WASM, through the app's code ---
const wasm: Record<string, number> & { searchP50?: number; searchP95?: number } = {};
{
  const runs: number[] = [];
  for (let r = 0; r < REPEAT; r++) { const { db, close } = await freshDb(); runs.push(time(() => insertAll(db))); close(); }
  wasm.insertMs = median(runs);
}
const { db } = await freshDb();
insertAll(db);
for (const q of searches.slice(0, 20)) searchProposals(db, q); // warm the page cache, as an open app has
const searchTimes = searches.map((q) => time(() => searchProposals(db, q)));
wasm.searchP50 = quantile(searchTimes, 0.5);
wasm.searchP95 = quantile(searchTimes, 0.95);
wasm.searchMean = searchTimes.reduce((a, b) => a + b, 0) / searchTimes.length;
wasm.searchWorstMs = median(Array.from({ length: 10 }, () => time(() => searchProposals(db, WORST))));
wasm.worstMatches = Number(db.query(`SELECT count(*) AS n FROM proposals_fts WHERE proposals_fts MATCH ?`, [buildFtsQuery(WORST)!])[0].n);
wasm.listFirstPageMs = median(Array.from({ length: 50 }, () => time(() => { listProposals(db, 0, 50); countProposals(db); })));
let exported = '';
wasm.exportMs = median(Array.from({ length: REPEAT }, () => time(() => { exported = JSON.stringify(buildExport(db, 'bench')); })));
{
  const runs: number[] = [];
  for (let r = 0; r < REPEAT; r++) {
    const { db: target, close } = await freshDb();
    runs.push(time(() => importExport(target, parseExportFile(exported))));
    close();
  }
  wasm.importMs = median(runs);
}

// --- native sqlite3, the same SQL ---
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const schema = migrations.map((m) => m.sql).join('\n');
const inserts = `BEGIN;\n${proposals.map((p) => `INSERT INTO proposals (job_content, generated_text, created_at) VALUES (${q(p.job)}, ${q(p.text)}, ${q(p.created)});`).join('\n')}\nCOMMIT;\n`;
// The statements the repositories really run, recorded with their values and replayed natively.
const literal = (v: SqlValue) => (v === null ? 'NULL' : typeof v === 'string' ? q(v) : typeof v === 'object' ? `X'${Buffer.from(v).toString('hex')}'` : String(v));
function recordSql(work: (db: Db) => void): string {
  const statements: string[] = [];
  const recorder: Db = {
    exec: (sql) => { statements.push(sql); db.exec(sql); },
    query: (sql, params = []) => {
      let i = 0;
      // ?NNN is numbered, ? takes the next value; the repositories' SQL has no ? inside literals.
      statements.push(`${sql.replace(/\?(\d+)?/g, (_, n) => literal(params[n ? Number(n) - 1 : i++]))};`);
      return db.query(sql, params);
    },
  };
  work(recorder);
  return statements.join('\n');
}
const searchSql = (text: string) => recordSql((r) => searchProposals(r, text));
const listSql = recordSql((r) => { listProposals(r, 0, 50); countProposals(r); });
const exportSql = recordSql((r) => buildExport(r, 'bench'));
const importSql = `SELECT job_content, generated_text FROM proposals WHERE deleted_at IS NULL;\n${inserts}`;

function nativeMs(setup: string, work: string, times = REPEAT): number {
  const run = (script: string) => {
    const t0 = performance.now();
    const r = spawnSync('sqlite3', [':memory:'], { input: `.output /dev/null\n${script}`, maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`);
    return performance.now() - t0;
  };
  const diffs = Array.from({ length: times }, () => run(setup + work) - run(setup));
  return Math.max(0.001, median(diffs));
}

const native = {
  insertMs: nativeMs(schema, inserts),
  searchMean: nativeMs(schema + inserts, searches.map(searchSql).join('\n')) / QUERIES,
  // Cheap work is repeated until it stands out of the set-up's noise.
  listFirstPageMs: nativeMs(schema + inserts, Array.from({ length: 500 }, () => listSql).join('\n')) / 500,
  // One export is too quick to see beside the set-up's 10,000 inserts: time ten.
  exportMs: nativeMs(schema + inserts, Array.from({ length: 10 }, () => exportSql).join('\n')) / 10,
  importMs: nativeMs(schema, importSql),
};

const ratio = (a: number, b: number) => a / b;
console.log(JSON.stringify({
  proposals: N,
  exportBytes: exported.length,
  wasm,
  native,
  ratio: {
    insert: ratio(wasm.insertMs, native.insertMs),
    searchMean: ratio(wasm.searchMean, native.searchMean),
    listFirstPage: ratio(wasm.listFirstPageMs, native.listFirstPageMs),
    export: ratio(wasm.exportMs, native.exportMs),
    import: ratio(wasm.importMs, native.importMs),
  },
}));
