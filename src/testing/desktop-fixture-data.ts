// What the desktop fixtures hold (scripts/build-desktop-fixtures.ts writes it the way the desktop
// app's own code writes rows), so that tests can check every value came across.

export const OUTCOMES = ['pending', 'submitted', 'response_received', 'interview', 'hired', 'no_response', 'rejected'] as const;

export interface FixtureJobPost {
  url: string | null;
  raw: string;
  client: string | null;
  createdAt: string;
  skills?: string[];
  hiddenNeeds?: { need: string; evidence: string }[];
  budget?: { min: number | null; max: number | null; type: string; pct: number | null; status: string };
  score?: { skills: number | null; client: number | null; budget: number | null; overall: number; color: string; calculatedAt: string };
  queue?: { title: string; overall: number; color: string; skillsPct: number; clientPct: number };
  rss?: { batch: string };
  feedback?: { reportedAt: string; notes: string; skillsMismatch: 1 | 0; tooHigh: 1 | 0; appVersion: string };
}

export const JOB_POSTS: FixtureJobPost[] = [
  {
    url: 'https://www.upwork.com/jobs/~01react-dashboard',
    raw: 'React dashboard for a "rocket" startup 🚀\nNeeds charts, auth and an admin area.\nBudget: $500–$1,500',
    client: 'Acme "Rockets" Ltd',
    createdAt: '2026-02-12 09:00:00',
    skills: ['React', 'TypeScript', 'Chart.js'],
    hiddenNeeds: [{ need: 'Fast turnaround', evidence: '"ASAP" in the title' }, { need: 'Ongoing work', evidence: 'mentions a "phase 2"' }],
    budget: { min: 500, max: 1500, type: 'fixed', pct: 85, status: 'green' },
    score: { skills: 66.67, client: 80, budget: 85, overall: 76.5, color: 'green', calculatedAt: '2026-02-12 09:05:00' },
    queue: { title: 'React dashboard', overall: 76.5, color: 'green', skillsPct: 67, clientPct: 80 },
  },
  {
    url: null,
    raw: 'Rust CLI — parse CSV files\n\nMust handle 10 GB files; l\'entreprise est à Zürich.',
    client: 'Ferris & Co',
    createdAt: '2026-02-13 14:30:00',
    skills: ['Rust'],
    hiddenNeeds: [],
    budget: { min: 40, max: 60, type: 'hourly', pct: 120, status: 'yellow' },
    score: { skills: 100, client: 45, budget: null, overall: 58.25, color: 'yellow', calculatedAt: '2026-02-13 14:31:00' },
    feedback: { reportedAt: '2026-02-13 15:00:00', notes: 'Client is great — score too low', skillsMismatch: 0, tooHigh: 0, appVersion: '0.1.1' },
  },
  {
    url: 'https://www.upwork.com/jobs/~03scraper',
    raw: 'Python scraper (from the RSS feed)',
    client: null,
    createdAt: '2026-02-14 08:00:00',
    rss: { batch: 'batch-2026-02-14' },
  },
];

export interface FixtureRevision {
  content: string;
  type: 'generation' | 'edit' | 'restore';
  createdAt: string;
  /** Index into this proposal's revisions of the one it restored. */
  restoredFrom?: number;
}

export interface FixtureProposal {
  job: string;
  text: string;
  status: 'draft' | 'completed';
  createdAt: string;
  updatedAt: string | null;
  outcome: (typeof OUTCOMES)[number];
  outcomeUpdatedAt: string | null;
  hook: string | null;
  /** Index into JOB_POSTS. */
  jobPost: number | null;
  params?: string;
  revisions?: FixtureRevision[];
  override?: { aiScore: number; threshold: number; status: string; feedback: string | null; at: string };
  ab?: { weight: number };
}

const rev = (content: string, type: FixtureRevision['type'], createdAt: string, restoredFrom?: number): FixtureRevision => ({ content, type, createdAt, restoredFrom });

export const PROPOSALS: FixtureProposal[] = [
  {
    job: JOB_POSTS[0].raw,
    text: 'Hi Acme team,\n\nI built three "rocket-speed" dashboards in React — charts, auth, admin. 🚀\n\nWhen would you like to start?',
    status: 'completed', createdAt: '2026-02-12 09:10:00', updatedAt: '2026-02-12 10:00:00',
    outcome: 'hired', outcomeUpdatedAt: '2026-02-15 12:00:00', hook: 'social_proof', jobPost: 0,
    params: '{"humanization_intensity":"medium","temperature":0.7}',
    revisions: [
      rev('First draft: Hello!', 'generation', '2026-02-12 09:10:00'),
      rev('Second: Hello Acme!', 'edit', '2026-02-12 09:20:00'),
      rev('Third: Hello Acme — "rockets"!', 'edit', '2026-02-12 09:30:00'),
      rev('Fourth: with emoji 🚀', 'edit', '2026-02-12 09:40:00'),
      rev('Third: Hello Acme — "rockets"!', 'restore', '2026-02-12 09:45:00', 2),
      rev('Sixth: multi-line\nsecond line', 'edit', '2026-02-12 09:50:00'),
      rev('Hi Acme team,\n\nI built three "rocket-speed" dashboards in React — charts, auth, admin. 🚀\n\nWhen would you like to start?', 'edit', '2026-02-12 10:00:00'),
    ],
    override: { aiScore: 195.5, threshold: 180, status: 'successful', feedback: 'It read fine to me — "human" enough', at: '2026-02-12 09:15:00' },
    ab: { weight: 0.25 },
  },
  {
    job: JOB_POSTS[1].raw,
    text: 'Bonjour ! I write Rust daily: “fast” and safe.\nI can stream 10 GB without loading it.',
    status: 'completed', createdAt: '2026-02-13 14:40:00', updatedAt: null,
    outcome: 'interview', outcomeUpdatedAt: '2026-02-14 09:00:00', hook: 'problem_aware', jobPost: 1,
    revisions: [rev('Bonjour ! I write Rust daily: “fast” and safe.\nI can stream 10 GB without loading it.', 'generation', '2026-02-13 14:40:00')],
    override: { aiScore: 150, threshold: 180, status: 'pending', feedback: null, at: '2026-02-13 14:41:00' },
  },
  { job: 'Logo design for a bakery 🥐', text: 'I’d love to draw your croissant.', status: 'completed', createdAt: '2026-02-14 10:00:00', updatedAt: null, outcome: 'pending', outcomeUpdatedAt: null, hook: null, jobPost: null },
  { job: 'WordPress fix', text: 'Fixed in an hour, guaranteed.', status: 'completed', createdAt: '2026-02-14 11:00:00', updatedAt: null, outcome: 'submitted', outcomeUpdatedAt: '2026-02-14 11:05:00', hook: 'immediate_value', jobPost: null },
  { job: 'Data entry — 500 rows', text: 'Accurate and quick.', status: 'completed', createdAt: '2026-02-14 12:00:00', updatedAt: null, outcome: 'response_received', outcomeUpdatedAt: '2026-02-16 08:00:00', hook: 'question_based', jobPost: null },
  { job: 'Translate a menu (日本語 → English)', text: 'お任せください — I translate menus.', status: 'completed', createdAt: '2026-02-14 13:00:00', updatedAt: null, outcome: 'no_response', outcomeUpdatedAt: '2026-02-20 08:00:00', hook: 'contrarian', jobPost: null },
  { job: 'SEO audit', text: 'Most audits miss the "why". Mine won\'t.', status: 'completed', createdAt: '2026-02-14 14:00:00', updatedAt: null, outcome: 'rejected', outcomeUpdatedAt: '2026-02-18 08:00:00', hook: 'contrarian', jobPost: null },
  // A generation that never finished: the desktop keeps it as a draft.
  { job: JOB_POSTS[2].raw, text: 'Half a propos', status: 'draft', createdAt: '2026-02-14 15:00:00', updatedAt: null, outcome: 'pending', outcomeUpdatedAt: null, hook: null, jobPost: 2 },
];

/** The desktop's MAX_ACTIVE_REVISIONS: older ones are moved into proposals.archived_revisions. */
export const ACTIVE_REVISIONS = 5;

export const USER_SKILLS = [
  { skill: 'React', addedAt: '2026-02-11 08:00:00', primary: 1 },
  { skill: 'Rust', addedAt: '2026-02-11 08:01:00', primary: 0 },
  { skill: 'Ünïcode & “quotes” 🚀', addedAt: '2026-02-11 08:02:00', primary: 0 },
];

const words = (n: number, word: string) => Array.from({ length: n }, (_, i) => `${word}${i % 7 === 0 ? '.' : ''}`).join(' ');

export const GOLDEN_SET = [
  { content: `My best proposal — "winning" one 🏆\n${words(210, 'great')}`, file: 'best-proposal.txt', createdAt: '2026-02-11 09:00:00' },
  { content: `Another one, l'été dernier\n${words(205, 'solid')}`, file: null, createdAt: '2026-02-11 09:05:00' },
];

export const VOICE_PROFILE = {
  userId: 'default', tone: 6.5, depth: 7.25, sentence: 14.2, vocabulary: 8.1, paragraphs: 70, bullets: 30,
  phrases: ['I\'d love to help', '“fast” and safe', 'let\'s talk 🚀'], samples: 2, source: 'GoldenSet', length: 4.5,
  createdAt: '2026-02-11 09:10:00', updatedAt: '2026-02-11 09:10:00',
};

/** Set through the desktop's set_setting (theme, rates, …); the API key must never come across. */
export const SETTINGS: Record<string, string> = {
  theme: 'dark',
  user_hourly_rate: '75.00',
  user_project_rate_min: '2000.00',
  humanization_intensity: 'heavy',
  onboarding_completed: 'true',
  proposals_edited_count: '3',
  safety_threshold: '170',
  api_key: 'sk-ant-desktop-secret-never-imported',
  anthropic_api_key: 'sk-ant-desktop-secret-2',
};

export const SECRET_SETTINGS = ['api_key', 'anthropic_api_key'];

/** The part of the data already checkpointed into the main file of the live WAL fixture (the rest is only in its -wal). */
export const CHECKPOINTED_PROPOSALS = 4;

export const FIXTURES = {
  v27lf: 'src/testing/fixtures/desktop/desktop-v27-lf.db',
  v27crlf: 'src/testing/fixtures/desktop/desktop-v27-crlf.db',
  v30lf: 'src/testing/fixtures/desktop/desktop-v30-lf.db',
  /** Copied while the desktop app had it open: the last changes are in its -wal. */
  v30crlfLive: 'src/testing/fixtures/desktop/desktop-v30-crlf-live.db',
  export: 'src/testing/fixtures/desktop/desktop-export.json',
} as const;
