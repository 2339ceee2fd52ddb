-- The proposal workbench: link, client, status, soft delete (for undo), earlier versions,
-- and full-text search over job posts and proposals.
ALTER TABLE proposals ADD COLUMN job_url TEXT;
ALTER TABLE proposals ADD COLUMN client_name TEXT;
ALTER TABLE proposals ADD COLUMN status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent'));
ALTER TABLE proposals ADD COLUMN deleted_at TEXT;

CREATE TABLE proposal_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    generated_text TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('generated', 'edited')),
    model TEXT,
    created_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX idx_proposal_versions_proposal ON proposal_versions(proposal_id, id);

-- External-content index: the text lives once, in proposals; triggers keep the index in step.
CREATE VIRTUAL TABLE proposals_fts USING fts5(
    job_content, generated_text, client_name,
    content='proposals', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER proposals_fts_after_insert AFTER INSERT ON proposals BEGIN
    INSERT INTO proposals_fts (rowid, job_content, generated_text, client_name)
    VALUES (new.id, new.job_content, new.generated_text, new.client_name);
END;
CREATE TRIGGER proposals_fts_after_delete AFTER DELETE ON proposals BEGIN
    INSERT INTO proposals_fts (proposals_fts, rowid, job_content, generated_text, client_name)
    VALUES ('delete', old.id, old.job_content, old.generated_text, old.client_name);
END;
CREATE TRIGGER proposals_fts_after_update AFTER UPDATE OF job_content, generated_text, client_name ON proposals BEGIN
    INSERT INTO proposals_fts (proposals_fts, rowid, job_content, generated_text, client_name)
    VALUES ('delete', old.id, old.job_content, old.generated_text, old.client_name);
    INSERT INTO proposals_fts (rowid, job_content, generated_text, client_name)
    VALUES (new.id, new.job_content, new.generated_text, new.client_name);
END;
INSERT INTO proposals_fts (proposals_fts) VALUES ('rebuild');
