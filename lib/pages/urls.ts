/**
 * URL detection for the admin site's pages. The only place that knows the admin's URL shapes;
 * everything else asks these functions.
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

/** The job a page is about, for the sender policy: a content script may act only on it. */
export function jobIdOfPage(url: string | URL): string | null {
  const page = detectAdminPage(url);
  return page?.kind === 'job' ? page.jobId : null;
}

export function settingsUrl(origin: string, jobId: string, layout: AdminLayout = 'new'): string {
  const prefix = layout === 'classic' ? '/classic' : '';
  return `${origin}${prefix}/jobs/${encodeURIComponent(jobId)}/settings`;
}

export function loginUrl(origin: string): string {
  return `${origin}/login`;
}
