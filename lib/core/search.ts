import type { Job } from './types';

/**
 * Job search for the popup: every whitespace-separated term of the query must occur somewhere
 * in the job's name, internal name, ID or organisation, ignoring case and accents ("muller"
 * finds "Müller"). This runs over 10,000 jobs per keystroke, so the work is split: the query is
 * normalised once, each job's key once (memoised per job object), and matching is plain
 * `includes`.
 */

/** Letters that Unicode decomposition leaves alone but a user types as plain Latin letters. */
const FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  // Greek final sigma is only a spelling of σ.
  ς: 'σ',
};
const FOLD_RE = new RegExp(`[${Object.keys(FOLDS).join('')}]`, 'gu');
const MARKS_RE = /\p{M}+/gu;
const SPACE_RE = /\s+/u;

/**
 * Lower-cased, accent-folded text with whitespace runs as single spaces. Each field is
 * normalised on its own and the same way as the query, so a term taken from a field always
 * finds that field again.
 */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    // Lower-casing can yield precomposed letters again (İ → i̇), so decompose once more.
    .normalize('NFKD')
    .replace(MARKS_RE, '')
    .replace(FOLD_RE, (letter) => FOLDS[letter] ?? letter)
    .split(SPACE_RE)
    .filter((part) => part !== '')
    .join(' ');
}

// Jobs are immutable values (a sync replaces them, nothing edits them in place), so a key
// computed once per object stays right; the WeakMap lets dropped jobs be collected.
const keys = new WeakMap<object, string>();

/** The normalised text a job is searched by. */
export function searchKey(job: Pick<Job, 'id' | 'name' | 'internalName' | 'organization'>): string {
  const cached = keys.get(job);
  if (cached !== undefined) return cached;
  // A newline never occurs in a normalised field, so it cannot be part of a term either.
  const key = [job.name, job.internalName, job.id, job.organization].map(normaliseText).join('\n');
  keys.set(job, key);
  return key;
}

/** The query's distinct normalised terms; empty when the query is blank. */
export function normaliseQuery(query: string): string[] {
  const normalised = normaliseText(query);
  return normalised === '' ? [] : [...new Set(normalised.split(' '))];
}

/**
 * Whether every term occurs in the job's key. Pass a precomputed key and terms from
 * `normaliseQuery` in loops; a raw job and query string work too. A blank query matches all.
 */
export function matchesQuery(
  target: Pick<Job, 'id' | 'name' | 'internalName' | 'organization'> | string,
  query: string | readonly string[],
): boolean {
  const key = typeof target === 'string' ? target : searchKey(target);
  const terms = typeof query === 'string' ? normaliseQuery(query) : query;
  for (const term of terms) if (!key.includes(term)) return false;
  return true;
}

/** The jobs matching `query`, in their given order. */
export function filterJobs<T extends Pick<Job, 'id' | 'name' | 'internalName' | 'organization'>>(
  jobs: readonly T[],
  query: string,
): T[] {
  const terms = normaliseQuery(query);
  if (terms.length === 0) return [...jobs];
  return jobs.filter((job) => matchesQuery(searchKey(job), terms));
}
