-- Sync (V8) carries what V7 added: every change of a proposal's outcome gets an id unique across
-- devices (uid), so that the dated history syncs; one added to the history goes out like a change
-- of its proposal. (Which version was sent travels as that version's uid: no column for it here.)
ALTER TABLE proposal_outcomes ADD COLUMN uid TEXT;
UPDATE proposal_outcomes SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX idx_proposal_outcomes_uid ON proposal_outcomes(uid);
CREATE TRIGGER proposal_outcomes_uid_after_insert AFTER INSERT ON proposal_outcomes WHEN new.uid IS NULL BEGIN
    UPDATE proposal_outcomes SET uid = lower(hex(randomblob(16))) WHERE id = new.id;
END;

CREATE TRIGGER sync_outbox_outcome_insert AFTER INSERT ON proposal_outcomes
WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'space') AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
    INSERT INTO sync_outbox (kind, ref) VALUES ('proposal', new.proposal_id) ON CONFLICT DO UPDATE SET pumped = 0;
END;

-- A device already in a space sends the history and the sent version it has, which did not sync before.
INSERT INTO sync_outbox (kind, ref)
    SELECT 'proposal', id FROM proposals
    WHERE EXISTS (SELECT 1 FROM sync_state WHERE key = 'space')
        AND (sent_version_id IS NOT NULL OR id IN (SELECT proposal_id FROM proposal_outcomes))
    ON CONFLICT DO UPDATE SET pumped = 0;
