import { BUILTIN_ADMIN_ORIGINS } from '../env/origins';

/**
 * Pure rules for admin origins and the host permissions they need (no browser API, so the
 * options page, the background and the tests share one definition).
 */

/**
 * The match pattern that grants access to an origin. Without a port: a pattern with a port is
 * not portable (Firefox ignores ports in match patterns), and both browsers let a port-less
 * pattern cover every port, as the manifest's sandbox patterns already rely on.
 */
export function hostPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

export type CustomOriginRefusal = 'empty' | 'invalid' | 'not-https' | 'builtin' | 'duplicate' | 'too-many';

export const MAX_CUSTOM_ORIGINS = 20;

/**
 * Turns what the user typed into the origin to add. Forgiving about form (a bare host name or a
 * pasted URL with a path both work), strict about substance: https only, because the session
 * cookie of an admin site must never travel in clear text; no wildcards, no credentials.
 */
export function parseCustomOrigin(
  input: string,
  existing: readonly string[],
): { ok: true; origin: string } | { ok: false; reason: CustomOriginRefusal } {
  const text = input.trim();
  if (!text) return { ok: false, reason: 'empty' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'not-https' };
  if (url.username || url.password || url.hostname.includes('*') || !url.hostname.includes('.')) {
    return { ok: false, reason: 'invalid' };
  }
  const origin = url.origin;
  if ((BUILTIN_ADMIN_ORIGINS as readonly string[]).includes(origin)) return { ok: false, reason: 'builtin' };
  if (existing.includes(origin)) return { ok: false, reason: 'duplicate' };
  if (existing.length >= MAX_CUSTOM_ORIGINS) return { ok: false, reason: 'too-many' };
  return { ok: true, origin };
}
