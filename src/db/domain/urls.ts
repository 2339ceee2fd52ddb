// Every rule about web addresses, in one place: the job link a user pastes, and the AI provider's
// base URL (whose origin also goes into the Content-Security-Policy that public boot code builds).

/**
 * A job link as people paste it, made whole: `upwork.com/jobs/~01abc` or `//www.upwork.com/…`
 * become `https://…`; anything with a scheme of its own is left for `jobUrlProblem` to judge.
 */
export function normalizeJobUrl(url: string | null | undefined): string {
  const trimmed = url?.trim() ?? '';
  if (!trimmed || /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return trimmed;
  if (trimmed.startsWith('//')) return `https:${trimmed}`;
  // A host name (with a dot) first: a web address without its scheme.
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+(?::\d+)?(?:[/?#]|$)/i.test(trimmed) ? `https://${trimmed}` : trimmed;
}

/** Why `url` cannot be a job link, or null when it can (blank is fine: the link is optional; a missing https:// is added). */
export function jobUrlProblem(url: string | null | undefined): string | null {
  const trimmed = normalizeJobUrl(url);
  if (!trimmed) return null;
  try {
    const u = new URL(trimmed);
    return u.protocol === 'https:' || u.protocol === 'http:' ? null : `"${trimmed}" is not a web link: it should start with https://`;
  } catch {
    return `"${trimmed}" is not a web link: it should start with https://`;
  }
}

/**
 * The origin the app may connect to for a provider at `baseUrl`, or null when it must not: https
 * anywhere, plain http only to this machine (a local model). The boot script runs this very
 * function's source (see src/build/boot-script.ts), so it must stay self-contained.
 */
export function providerOriginOf(baseUrl: string): string | null {
  let u;
  try {
    u = new URL(baseUrl);
  } catch (e) {
    return null;
  }
  const local = u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]';
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && local)) return null;
  if (u.username || u.password) return null;
  // A CSP source must be a plain host: no wildcard or other character with a meaning there.
  if (!/^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/i.test(u.hostname)) return null;
  return u.origin;
}
