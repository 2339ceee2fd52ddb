import { PROMPT_LIMITS } from '../db/domain/limits.ts';

// The prompt: the user's template with the job post and their profile filled in.
export interface PromptInput {
  job: string;
  name: string;
  skills: string;
  experience: string;
  tone: string;
}

export const PLACEHOLDERS = ['job', 'name', 'skills', 'experience', 'tone'] as const;

const SYSTEM = 'You write proposals for freelancers answering Upwork job posts. Write only the proposal text, ready to paste: no preamble, no notes, no placeholders.';

export interface Prompt {
  system: string;
  user: string;
  /** The job post was longer than PROMPT_LIMITS.jobChars: how long it was (only its start is sent). */
  jobCutFrom?: number;
}

/** The job post as sent: whole, or its first `limit` characters (at a word's end) and a note of the cut. */
export function jobForPrompt(job: string, limit = PROMPT_LIMITS.jobChars): string {
  if (job.length <= limit) return job;
  const cut = job.slice(0, limit);
  const atSpace = cut.search(/\s\S*$/);
  return `${atSpace > limit * 0.9 ? cut.slice(0, atSpace) : cut}\n[… the rest of the job post, ${job.length - limit} more characters, was left out]`;
}

/** Fills `{{job}}`, `{{name}}`, … (spaces allowed inside the braces); an empty value reads "not given". */
export function buildPrompt(template: string, input: PromptInput): Prompt {
  const whole = input.job.trim();
  if (!whole) throw new Error('Paste the job post first: there is nothing to write a proposal for.');
  const job = jobForPrompt(whole);
  const values: Record<string, string> = { ...input, job };
  let user = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => {
    if (!(PLACEHOLDERS as readonly string[]).includes(key)) return whole;
    return values[key]?.trim() || 'not given';
  });
  // A template without {{job}} would send a prompt without the job: add it rather than fail.
  if (!/\{\{\s*job\s*\}\}/.test(template)) user += `\n\nJob post:\n${job}`;
  return { system: SYSTEM, user, ...(job !== whole ? { jobCutFrom: whole.length } : {}) };
}
