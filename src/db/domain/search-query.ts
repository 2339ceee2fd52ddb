// Turns what the user types into an FTS5 query that can never be a syntax error: every word
// is quoted (so AND, NEAR, quotes and colons are just text) and matched as a prefix, as you type.
const MAX_TERMS = 12;

export function buildFtsQuery(input: string): string | null {
  const terms = input
    .normalize('NFKC')
    .split(/[\s"]+/u)
    .map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((t) => t.length > 0)
    .slice(0, MAX_TERMS);
  if (terms.length === 0) return null;
  return terms.map((t) => `"${t}"*`).join(' ');
}
