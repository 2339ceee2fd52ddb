-- Outcomes: what became of each proposal (Draft → Sent → Viewed → Replied → Interview → Hired, or
-- Not hired / No reply), every change dated in proposal_outcomes; the last one and its date are
-- kept on proposals for filtering. Optional bid, Connects spent and contract value; what generated it.
-- status ('draft'|'sent', V3) stays in step: 'sent' whenever the outcome is past draft. A build
-- from before this one still writes status only; the triggers below turn that into an outcome.
ALTER TABLE proposals ADD COLUMN outcome TEXT NOT NULL DEFAULT 'draft'
    CHECK (outcome IN ('draft', 'sent', 'viewed', 'replied', 'interview', 'hired', 'not_hired', 'no_reply'));
ALTER TABLE proposals ADD COLUMN outcome_changed_at TEXT;
ALTER TABLE proposals ADD COLUMN bid_amount REAL CHECK (bid_amount IS NULL OR bid_amount >= 0);
ALTER TABLE proposals ADD COLUMN bid_type TEXT CHECK (bid_type IS NULL OR bid_type IN ('hourly', 'fixed'));
ALTER TABLE proposals ADD COLUMN bid_currency TEXT CHECK (bid_currency IS NULL OR length(bid_currency) = 3);
ALTER TABLE proposals ADD COLUMN connects_spent INTEGER CHECK (connects_spent IS NULL OR connects_spent >= 0);
ALTER TABLE proposals ADD COLUMN contract_value REAL CHECK (contract_value IS NULL OR contract_value >= 0);
-- What wrote the proposal's text, for the dashboard's results by provider, model and prompt
-- template (the template as a label: its first line and a fingerprint of the whole).
ALTER TABLE proposals ADD COLUMN generated_provider TEXT;
ALTER TABLE proposals ADD COLUMN generated_model TEXT;
ALTER TABLE proposals ADD COLUMN generated_template TEXT;

CREATE TABLE proposal_outcomes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    outcome TEXT NOT NULL
        CHECK (outcome IN ('draft', 'sent', 'viewed', 'replied', 'interview', 'hired', 'not_hired', 'no_reply')),
    changed_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX idx_proposal_outcomes_proposal ON proposal_outcomes(proposal_id, changed_at, id);
CREATE INDEX idx_proposal_outcomes_changed ON proposal_outcomes(changed_at);

-- Proposals brought from the desktop app (V6) kept its outcome: that change, mapped one to one
-- (pending is a draft), dated when the desktop says it changed.
INSERT INTO proposal_outcomes (proposal_id, outcome, changed_at)
    SELECT d.proposal_id,
        CASE d.outcome_status WHEN 'submitted' THEN 'sent' WHEN 'response_received' THEN 'replied' WHEN 'interview' THEN 'interview'
            WHEN 'hired' THEN 'hired' WHEN 'no_response' THEN 'no_reply' WHEN 'rejected' THEN 'not_hired' END,
        coalesce(datetime(d.outcome_updated_at), datetime(p.updated_at), datetime(p.created_at), datetime('now'))
    FROM desktop_proposals d JOIN proposals p ON p.id = d.proposal_id
    WHERE d.outcome_status IN ('submitted', 'response_received', 'interview', 'hired', 'no_response', 'rejected')
    ORDER BY d.proposal_id;
-- Other proposals already marked sent were sent when last changed, as far as anyone knows.
INSERT INTO proposal_outcomes (proposal_id, outcome, changed_at)
    SELECT id, 'sent', coalesce(datetime(updated_at), datetime(created_at), datetime('now')) FROM proposals
    WHERE status = 'sent' AND id NOT IN (SELECT proposal_id FROM proposal_outcomes) ORDER BY id;
UPDATE proposals SET
    outcome = (SELECT o.outcome FROM proposal_outcomes o WHERE o.proposal_id = proposals.id),
    outcome_changed_at = (SELECT o.changed_at FROM proposal_outcomes o WHERE o.proposal_id = proposals.id),
    status = 'sent'
    WHERE id IN (SELECT proposal_id FROM proposal_outcomes);

CREATE INDEX idx_proposals_outcome ON proposals(outcome, outcome_changed_at);
CREATE INDEX idx_proposals_outcome_changed_at ON proposals(outcome_changed_at);

-- The history is what happened; the proposal shows its newest entry (a later-dated one already
-- there, from an import, is not overtaken by an older one) and its status follows.
CREATE TRIGGER proposal_outcomes_after_insert AFTER INSERT ON proposal_outcomes BEGIN
    UPDATE proposals SET outcome = new.outcome, outcome_changed_at = new.changed_at,
        status = CASE new.outcome WHEN 'draft' THEN 'draft' ELSE 'sent' END
    WHERE id = new.proposal_id AND (outcome_changed_at IS NULL OR outcome_changed_at <= new.changed_at);
END;

-- An older build (another tab, or its import) sets status alone: that is an outcome change too,
-- dated now (or as the last change, should that be later: it must become the newest).
CREATE TRIGGER proposals_status_to_outcome AFTER UPDATE OF status ON proposals
WHEN new.status IS NOT old.status AND (new.status = 'sent') <> (new.outcome <> 'draft') BEGIN
    INSERT INTO proposal_outcomes (proposal_id, outcome, changed_at)
    VALUES (new.id, CASE new.status WHEN 'sent' THEN 'sent' ELSE 'draft' END,
        max(datetime('now'), coalesce(new.outcome_changed_at, '')));
END;
CREATE TRIGGER proposals_sent_on_insert AFTER INSERT ON proposals
WHEN new.status = 'sent' AND new.outcome = 'draft' BEGIN
    INSERT INTO proposal_outcomes (proposal_id, outcome, changed_at)
    VALUES (new.id, 'sent', coalesce(datetime(new.updated_at), datetime(new.created_at), datetime('now')));
END;
