/**
 * URL detection for the admin site's pages. The only place that knows the admin's URL shapes;
 * everything else asks these functions. Only the path is read: the content script runs on admin
 * origins alone, and the sender policy checks the origin itself.
 */
export type AdminLayout = 'new' | 'classic';
export type AdminTab = 'settings' | 'photos' | 'orders';

export type AdminPage =
  | { kind: 'overview'; layout: AdminLayout }
  | { kind: 'job'; layout: AdminLayout; jobId: string; tab: AdminTab };

const JOB_ID = '([A-Za-z0-9_-]{1,64})';
const OVERVIEW = /^\/(classic\/)?jobs\/?$/;
const JOB_PAGE = new RegExp(`^/(classic/)?jobs/${JOB_ID}/(settings|photos|orders)/?$`);

/** Parses an admin URL; null for anything that is not a known admin page. Never throws. */
export function detectAdminPage(url: string | URL): AdminPage | null {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return null;
  }
  const path = parsed.pathname;
  const overview = OVERVIEW.exec(path);
  if (overview) return { kind: 'overview', layout: overview[1] ? 'classic' : 'new' };
  const job = JOB_PAGE.exec(path);
  if (job?.[2] && job[3]) {
    return { kind: 'job', layout: job[1] ? 'classic' : 'new', jobId: job[2], tab: job[3] as AdminTab };
  }
  return null;
}

export function isOverviewPage(url: string | URL): boolean {
  return detectAdminPage(url)?.kind === 'overview';
}

export function isSettingsPage(url: string | URL): boolean {
  const page = detectAdminPage(url);
  return page?.kind === 'job' && page.tab === 'settings';
}

/** The job overview in the new design (`/jobs`). */
export function isNewOverviewPage(url: string | URL): boolean {
  const page = detectAdminPage(url);
  return page?.kind === 'overview' && page.layout === 'new';
}

/** The job overview in the classic design (`/classic/jobs`). */
export function isClassicOverviewPage(url: string | URL): boolean {
  const page = detectAdminPage(url);
  return page?.kind === 'overview' && page.layout === 'classic';
}

/** A job's Settings tab in the new design (`/jobs/:id/settings`). */
export function isNewSettingsPage(url: string | URL): boolean {
  const page = detectAdminPage(url);
  return page?.kind === 'job' && page.tab === 'settings' && page.layout === 'new';
}

/** A job's Settings tab in the classic design (`/classic/jobs/:id/settings`). */
export function isClassicSettingsPage(url: string | URL): boolean {
  const page = detectAdminPage(url);
  return page?.kind === 'job' && page.tab === 'settings' && page.layout === 'classic';
}

/** The layout of a recognised admin page, or null. */
export function layoutOfPage(url: string | URL): AdminLayout | null {
  return detectAdminPage(url)?.layout ?? null;
}

/** The job a page is about, for the sender policy: a content script may act only on it. */
export function jobIdOfPage(url: string | URL): string | null {
  const page = detectAdminPage(url);
  return page?.kind === 'job' ? page.jobId : null;
}

/**
 * Whether two URLs show the same admin page. A change of the fragment alone (an in-page anchor)
 * is not a navigation to another page, so the content-script features need not restart.
 */
export function isSamePage(a: URL, b: URL): boolean {
  return a.origin === b.origin && a.pathname === b.pathname && a.search === b.search;
}

export function settingsUrl(origin: string, jobId: string, layout: AdminLayout = 'new'): string {
  const prefix = layout === 'classic' ? '/classic' : '';
  return `${origin}${prefix}/jobs/${encodeURIComponent(jobId)}/settings`;
}

export function loginUrl(origin: string): string {
  return `${origin}/login`;
}
