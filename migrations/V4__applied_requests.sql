-- Writes made through the tab that holds the database, by request id, with what they returned.
-- A tab resends what was not answered when the holding tab changes (closed, reloaded, crashed):
-- a request found here was committed already and is answered from here, never applied twice.
CREATE TABLE applied_requests (
    id TEXT PRIMARY KEY,
    result TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (datetime('now'))
) WITHOUT ROWID;
