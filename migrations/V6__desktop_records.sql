-- What the desktop app (Tauri, same name) keeps and this app has no screen for, brought over by an
-- import or a replace so that nothing of the user's is lost. Each row is tied to this app's own
-- records where it has one (a proposal, a version) and goes with it when it is purged.

-- Per imported proposal: the desktop's generation status (draft | completed), generation
-- parameters (JSON as the desktop stored it), outcome (its 7 values, kept as written), the hook
-- strategy key and the job post it came from.
CREATE TABLE desktop_proposals (
    proposal_id INTEGER PRIMARY KEY REFERENCES proposals(id) ON DELETE CASCADE,
    desktop_id INTEGER,
    generation_status TEXT CHECK (generation_status IN ('draft', 'completed')),
    generation_params TEXT,
    outcome_status TEXT CHECK (outcome_status IN ('pending', 'submitted', 'response_received', 'interview', 'hired', 'no_response', 'rejected')),
    outcome_updated_at TEXT,
    hook_strategy_id TEXT,
    job_post_id INTEGER REFERENCES desktop_job_posts(id) ON DELETE SET NULL
);
CREATE INDEX idx_desktop_proposals_job_post ON desktop_proposals(job_post_id);

-- Per imported revision (a row of proposal_versions): its kind, number and what it restored, by
-- the desktop's ids; `archived` when it came out of proposals.archived_revisions.
CREATE TABLE desktop_revisions (
    version_id INTEGER PRIMARY KEY REFERENCES proposal_versions(id) ON DELETE CASCADE,
    desktop_id INTEGER,
    revision_number INTEGER,
    revision_type TEXT CHECK (revision_type IN ('generation', 'edit', 'restore')),
    restored_from_desktop_id INTEGER,
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
);

-- The desktop's job posts, analysed or not, with their skills (JSON list, in order), score
-- (JSON object of its job_scores row) and scoring feedback (JSON list of its reports).
CREATE TABLE desktop_job_posts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    desktop_id INTEGER,
    url TEXT,
    raw_content TEXT NOT NULL,
    client_name TEXT,
    created_at TEXT,
    hidden_needs TEXT,
    budget_min REAL,
    budget_max REAL,
    budget_type TEXT,
    budget_alignment_pct INTEGER,
    budget_alignment_status TEXT,
    job_title TEXT,
    overall_score REAL,
    score_color TEXT,
    skills_match_percent INTEGER,
    client_quality_percent INTEGER,
    source TEXT,
    analysis_status TEXT,
    skills TEXT NOT NULL DEFAULT '[]',
    score TEXT,
    feedback TEXT NOT NULL DEFAULT '[]'
);

-- Safety overrides recorded against a proposal (the desktop's adaptive threshold learning).
CREATE TABLE desktop_safety_overrides (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    timestamp TEXT NOT NULL,
    ai_score REAL NOT NULL,
    threshold_at_override REAL NOT NULL,
    status TEXT NOT NULL,
    user_feedback TEXT
);
CREATE INDEX idx_desktop_safety_overrides_proposal ON desktop_safety_overrides(proposal_id);

-- The user's skills (one of each, whatever the case), golden-set proposals and voice profile.
CREATE TABLE desktop_user_skills (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    skill TEXT NOT NULL,
    added_at TEXT,
    is_primary INTEGER NOT NULL DEFAULT 0,
    UNIQUE (skill COLLATE NOCASE)
);

CREATE TABLE desktop_golden_set (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    content TEXT NOT NULL,
    word_count INTEGER NOT NULL,
    source_filename TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE desktop_voice_profiles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NOT NULL UNIQUE,
    tone_score REAL NOT NULL,
    technical_depth REAL NOT NULL,
    avg_sentence_length REAL NOT NULL,
    vocabulary_complexity REAL NOT NULL,
    structure_paragraphs_pct INTEGER NOT NULL,
    structure_bullets_pct INTEGER NOT NULL,
    common_phrases TEXT NOT NULL DEFAULT '[]',
    sample_count INTEGER NOT NULL,
    calibration_source TEXT NOT NULL,
    length_preference REAL,
    created_at TEXT,
    updated_at TEXT
);
