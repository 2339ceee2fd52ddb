import type { MigrationDb, Row } from '../migrate/index.ts';
import type { NewProposal, Proposal } from './api.ts';

const toProposal = (r: Row): Proposal => ({
  id: Number(r.id),
  jobContent: String(r.job_content),
  generatedText: String(r.generated_text),
  createdAt: String(r.created_at),
  updatedAt: r.updated_at === null ? null : String(r.updated_at),
});

const COLUMNS = 'id, job_content, generated_text, created_at, updated_at';

export function listProposals(db: MigrationDb, limit = 500): Proposal[] {
  return db.query(`SELECT ${COLUMNS} FROM proposals ORDER BY created_at DESC, id DESC LIMIT ?`, [limit]).map(toProposal);
}

export function createProposal(db: MigrationDb, input: NewProposal): Proposal {
  const jobContent = input.jobContent.trim();
  if (!jobContent) throw new Error('The job post is empty: paste the job post first.');
  const [row] = db.query(
    `INSERT INTO proposals (job_content, generated_text) VALUES (?, ?) RETURNING ${COLUMNS}`,
    [jobContent, input.generatedText],
  );
  return toProposal(row);
}
