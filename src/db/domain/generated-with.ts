// What wrote a proposal's text: the provider, the model and the prompt template (issue 17), for
// the dashboard's results by each. A template is kept as a label, not whole: its first line and a
// fingerprint of all of it, so two templates that start alike are told apart.
import type { Db } from './db.ts';
import { DEFAULT_PROMPT_TEMPLATE } from './settings.ts';

export interface GeneratedWith {
  provider: string;
  model: string;
  /** The template as used (an empty one means the default). */
  template: string;
}

/** FNV-1a, 32 bits, as 6 hex digits: a short fingerprint, not a secret. */
function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0').slice(0, 6);
}

export function templateLabel(template: string): string {
  if (!template.trim() || template === DEFAULT_PROMPT_TEMPLATE) return 'Default template';
  const first = template.split('\n').find((l) => l.trim())!.trim();
  return `${first.length > 60 ? `${first.slice(0, 59)}…` : first} #${fingerprint(template)}`;
}

/** Records what generated the proposal's text now. */
export function recordGeneration(db: Db, id: number, { provider, model, template }: GeneratedWith): void {
  db.query('UPDATE proposals SET generated_provider = ?, generated_model = ?, generated_template = ? WHERE id = ? AND deleted_at IS NULL',
    [provider.trim() || null, model.trim() || null, templateLabel(template), id]);
}
