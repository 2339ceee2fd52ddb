-- What a proposal's text is and what was sent, kept in the database so it stays true across
-- reloads, tabs and exports:
-- * the current text's origin: generated (by which model) or written/edited by hand, and when it
--   was written (not when it was later replaced); earlier versions keep theirs (written_at);
-- * a generation that never finished (the page closed, or the connection broke, mid-answer);
-- * when it was sent, and which kept version is the text that was sent. A later outcome history
--   (viewed, replied, hired...) can start from these two.
ALTER TABLE proposals ADD COLUMN text_source TEXT CHECK (text_source IN ('generated', 'edited'));
ALTER TABLE proposals ADD COLUMN text_model TEXT;
ALTER TABLE proposals ADD COLUMN text_written_at TEXT;
ALTER TABLE proposals ADD COLUMN generation_unfinished INTEGER NOT NULL DEFAULT 0 CHECK (generation_unfinished IN (0, 1));
ALTER TABLE proposals ADD COLUMN sent_at TEXT;
ALTER TABLE proposals ADD COLUMN sent_version_id INTEGER REFERENCES proposal_versions(id) ON DELETE SET NULL;
ALTER TABLE proposal_versions ADD COLUMN written_at TEXT;
