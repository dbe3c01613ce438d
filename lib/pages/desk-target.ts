import { detectAdminPage } from './urls';

/**
 * What the side panel shows for the tab beside it: the job a page of the admin site is about, the
 * list on the job overview, and otherwise whatever it showed before (another site, a browser page,
 * the extension's own pages, an admin page we do not know), so looking elsewhere loses nothing.
 */
export type DeskTarget = { kind: 'job'; jobId: string } | { kind: 'list' } | { kind: 'keep' };

export function deskTargetFor(url: string | undefined, adminOrigins: readonly string[]): DeskTarget {
  if (!url) return { kind: 'keep' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'keep' };
  }
  if (!adminOrigins.includes(parsed.origin)) return { kind: 'keep' };
  const page = detectAdminPage(parsed);
  if (page?.kind === 'job') return { kind: 'job', jobId: page.jobId };
  if (page?.kind === 'overview') return { kind: 'list' };
  return { kind: 'keep' };
}

export function sameDeskTarget(a: DeskTarget, b: DeskTarget): boolean {
  return a.kind === b.kind && (a.kind !== 'job' || (b.kind === 'job' && a.jobId === b.jobId));
}
