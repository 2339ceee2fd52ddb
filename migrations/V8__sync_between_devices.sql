-- Sync between a person's devices (src/sync/). Integer ids stay local: each synced record gets an
-- id that is unique across devices (uid), given by a trigger to every row however it is inserted.
ALTER TABLE proposals ADD COLUMN uid TEXT;
UPDATE proposals SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX idx_proposals_uid ON proposals(uid);
CREATE TRIGGER proposals_uid_after_insert AFTER INSERT ON proposals WHEN new.uid IS NULL BEGIN
    UPDATE proposals SET uid = lower(hex(randomblob(16))) WHERE id = new.id;
END;
-- When texts written on two devices while apart were merged (both are kept as versions).
ALTER TABLE proposals ADD COLUMN merged_at TEXT;

ALTER TABLE proposal_versions ADD COLUMN uid TEXT;
-- 1: a text as it was on one device before it was merged with another device's.
ALTER TABLE proposal_versions ADD COLUMN merged INTEGER NOT NULL DEFAULT 0;
UPDATE proposal_versions SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX idx_proposal_versions_uid ON proposal_versions(uid);
CREATE TRIGGER proposal_versions_uid_after_insert AFTER INSERT ON proposal_versions WHEN new.uid IS NULL BEGIN
    UPDATE proposal_versions SET uid = lower(hex(randomblob(16))) WHERE id = new.id;
END;

-- The sync engine's own storage (Automerge's chunks, by key), in this database: no second store.
CREATE TABLE sync_storage (
    key TEXT PRIMARY KEY,
    data BLOB NOT NULL
) WITHOUT ROWID;

-- The space this device syncs with (no row 'space': sync is off), and 'applying' while changes
-- from other devices are written, so that they are not sent back as this device's own.
CREATE TABLE sync_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- What changed here and is not yet on the server: a proposal (by its local id) or a setting (by
-- key). Filled by triggers in the same transaction as the change, only while sync is on.
CREATE TABLE sync_outbox (
    kind TEXT NOT NULL CHECK (kind IN ('proposal', 'setting')),
    ref TEXT NOT NULL,
    -- 1 once written into the engine's document; the row goes when the server has that document.
    pumped INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, ref)
) WITHOUT ROWID;

CREATE TRIGGER sync_outbox_proposal_insert AFTER INSERT ON proposals
WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'space') AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
    INSERT INTO sync_outbox (kind, ref) VALUES ('proposal', new.id) ON CONFLICT DO UPDATE SET pumped = 0;
END;
CREATE TRIGGER sync_outbox_proposal_update AFTER UPDATE ON proposals
WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'space') AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
    INSERT INTO sync_outbox (kind, ref) VALUES ('proposal', new.id) ON CONFLICT DO UPDATE SET pumped = 0;
END;
CREATE TRIGGER sync_outbox_version_insert AFTER INSERT ON proposal_versions
WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'space') AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
    INSERT INTO sync_outbox (kind, ref) VALUES ('proposal', new.proposal_id) ON CONFLICT DO UPDATE SET pumped = 0;
END;
-- The API key never leaves the device; which other settings sync is decided in src/sync/.
CREATE TRIGGER sync_outbox_setting_insert AFTER INSERT ON settings
WHEN new.key <> 'api_key' AND EXISTS (SELECT 1 FROM sync_state WHERE key = 'space') AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
    INSERT INTO sync_outbox (kind, ref) VALUES ('setting', new.key) ON CONFLICT DO UPDATE SET pumped = 0;
END;
CREATE TRIGGER sync_outbox_setting_update AFTER UPDATE ON settings
WHEN new.key <> 'api_key' AND EXISTS (SELECT 1 FROM sync_state WHERE key = 'space') AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
    INSERT INTO sync_outbox (kind, ref) VALUES ('setting', new.key) ON CONFLICT DO UPDATE SET pumped = 0;
END;
