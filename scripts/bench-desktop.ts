// The desktop benchmark's Node side. `generate <file>`: a desktop app database (the V30 fixture's
// schema and history) with 5,000 job posts, 5,000 proposals and 20,000 revisions (a fifth of the
// proposals with two of their four archived, compressed, as the desktop does), written with
// native SQLite. `import <file>`: the app's own code imports it (SQLite WASM in memory, in Node)
// and replaces a database with it; prints times and the process's peak memory as JSON.
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import migrations from 'virtual:migrations';
import { importExport } from '../src/db/domain/export-import.ts';
import { sqliteDriver } from '../src/db/sqlite/sqlite-driver.ts';
import { openAppDatabaseFile, readDatabaseFileProposals } from '../src/db/worker/import-database-file.ts';
import { migrate } from '../src/migrate/index.ts';
import { loadSqlite } from '../src/node/sqlite-node.ts';
import { FIXTURES, OUTCOMES } from '../src/testing/desktop-fixture-data.ts';

export const SIZE = { jobPosts: 5_000, proposals: 5_000, revisions: 20_000 };

let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const WORDS = 'react node python design client budget deliver quality fast experience project dashboard api data team week milestone test deploy scale'.split(' ');
const prose = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ');
const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString().replace('T', ' ').slice(0, 19);

function generate(path: string): void {
  for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
  copyFileSync(FIXTURES.v30lf, path);
  const Database = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
  const db = new Database(path);
  db.transaction(() => {
    const job = db.prepare(`INSERT INTO job_posts (url, raw_content, client_name, created_at, hidden_needs, budget_min, budget_max, budget_type, overall_score, score_color)
      VALUES (?, ?, ?, ?, '[]', 100, 900, 'fixed', ?, 'green')`);
    const skill = db.prepare('INSERT INTO job_skills (job_post_id, skill_name) VALUES (?, ?)');
    const score = db.prepare(`INSERT INTO job_scores (job_post_id, skills_match_percentage, client_quality_score, budget_alignment_score, overall_score, color_flag) VALUES (?, 50, 60, 70, ?, 'green')`);
    const proposal = db.prepare(`INSERT INTO proposals (job_content, generated_text, status, created_at, updated_at, outcome_status, hook_strategy_id, job_post_id, archived_revisions)
      VALUES (?, ?, 'completed', ?, ?, ?, 'social_proof', ?, ?)`);
    const revision = db.prepare(`INSERT INTO proposal_revisions (proposal_id, content, revision_number, revision_type, created_at) VALUES (?, ?, ?, ?, ?)`);
    let revisionId = 100_000;
    for (let i = 0; i < SIZE.jobPosts; i++) {
      const raw = `Job ${i}: ${prose(80)}`;
      const id = Number(job.run(`https://www.upwork.com/jobs/~bench${i}`, raw, `Client ${i % 300}`, at(i), rand() * 100).lastInsertRowid);
      for (let k = 0; k < 3; k++) skill.run(id, WORDS[(i + k) % WORDS.length]);
      score.run(id, rand() * 100);
      const texts = Array.from({ length: SIZE.revisions / SIZE.proposals }, () => `Hello, ${prose(140)}`);
      // A fifth of the proposals have their two oldest revisions archived, as the desktop does past five.
      const archived = i % 5 === 0
        ? deflateSync(Buffer.from(JSON.stringify(texts.slice(0, 2).map((content, k) => ({ id: revisionId++, proposalId: i + 1, content, revisionType: k ? 'edit' : 'generation', restoredFromId: null, createdAt: at(i + k) })))))
        : null;
      const pid = Number(proposal.run(raw, texts.at(-1), at(i), at(i + 5), OUTCOMES[i % OUTCOMES.length], id, archived).lastInsertRowid);
      texts.slice(archived ? 2 : 0).forEach((t, k) => revision.run(pid, t, k + 1, k ? 'edit' : 'generation', at(i + k + 2)));
    }
  })();
  db.close();
}

async function measure(path: string) {
  const bytes = new Uint8Array(readFileSync(path));
  const sqlite3 = await loadSqlite();
  const target = new sqlite3.oo1.DB(':memory:');
  await migrate(sqliteDriver(target), migrations);
  const cpu0 = process.cpuUsage();
  let t0 = performance.now();
  const file = await readDatabaseFileProposals(sqlite3, bytes, migrations, 600_000);
  const readMs = performance.now() - t0;
  t0 = performance.now();
  const summary = importExport(sqliteDriver(target), file);
  const writeMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const versions = Number(target.selectValue('SELECT count(*) FROM proposal_versions'));
  target.close();
  t0 = performance.now();
  const replaced = await openAppDatabaseFile(sqlite3, bytes, migrations, 'restored', 600_000);
  const replaceMs = performance.now() - t0;
  replaced.close();
  return {
    fileBytes: bytes.length, ...SIZE, added: summary.added, versions,
    importMs: readMs + writeMs, readMs, writeMs, replaceMs,
    // On a busy machine the wall clock runs long: the CPU time the import took says what it costs.
    importCpuMs: (cpu.user + cpu.system) / 1000,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

const [command, path] = process.argv.slice(2);
if (command === 'generate') generate(path);
else if (command === 'import') console.log(JSON.stringify(await measure(path)));
else throw new Error('usage: bench-desktop.mjs generate|import <file>');
