import { detectAdminPage } from '../pages/urls';
import type { MessageType } from './protocol';

/**
 * The one sender policy (DESIGN §4): who may send which message. Content scripts are untrusted:
 * they must run in the top frame of a tab on an admin origin and may only touch the job their
 * page names; overview pages may read badge summaries. Everything else fails closed.
 */
export type PageRule = 'all-pages' | 'popup-only';
export type ContentRule = 'none' | 'own-job' | 'overview';

export const POLICY: Record<MessageType, { pages: PageRule; content: ContentRule }> = {
  getJobs: { pages: 'all-pages', content: 'none' },
  getJob: { pages: 'all-pages', content: 'own-job' },
  getJobSummaries: { pages: 'all-pages', content: 'overview' },
  getSyncState: { pages: 'all-pages', content: 'none' },
  refresh: { pages: 'all-pages', content: 'none' },
  setJobStatus: { pages: 'all-pages', content: 'own-job' },
  previewBulk: { pages: 'popup-only', content: 'none' },
  startBulk: { pages: 'popup-only', content: 'none' },
  getBulk: { pages: 'popup-only', content: 'none' },
  cancelBulk: { pages: 'popup-only', content: 'none' },
  retryBulk: { pages: 'popup-only', content: 'none' },
  undoBulk: { pages: 'popup-only', content: 'none' },
  getActivity: { pages: 'all-pages', content: 'none' },
  getSettings: { pages: 'all-pages', content: 'none' },
  setSettings: { pages: 'all-pages', content: 'none' },
  clearCache: { pages: 'all-pages', content: 'none' },
};

/**
 * The fields of runtime.MessageSender the policy reads. `origin` is what the browser itself says
 * the sending document's origin is (Chrome 80+, Firefox 126+; our minimum is Firefox 140), so it
 * is the field the policy trusts for *who*; `url` is only read for *which page*, and only once it
 * agrees with `origin`.
 */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  frameId?: number;
  tab?: { id?: number; url?: string };
}

export type SenderKind =
  | { kind: 'popup' }
  | { kind: 'extension-page'; page: string }
  | { kind: 'content-script'; tabId: number; origin: string; page: ReturnType<typeof detectAdminPage> }
  | { kind: 'foreign'; why: ForeignReason };

/** Why a sender is foreign, for the log (the sender only learns `sender-refused`). */
export type ForeignReason = 'other-extension' | 'no-origin' | 'own-origin-other-url' | 'no-tab' | 'subframe' | 'not-admin-origin' | 'url-not-origin';

export interface PolicyContext {
  extensionId: string;
  /** The extension's own base URL, e.g. chrome-extension://<id>/ or moz-extension://<uuid>/. */
  extensionBaseUrl: string;
  adminOrigins: readonly string[];
}

/**
 * `scheme://host[:port]` of a URL, or null when it has none (opaque, unparsable). Built by hand:
 * `URL.origin` is "null" for schemes the URL standard does not know, such as chrome-extension:
 * and moz-extension: outside the browser, while for http(s) this is exactly `URL.origin`.
 */
function originOf(url: string | URL): string | null {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return null;
  }
  return parsed.host ? `${parsed.protocol}//${parsed.host}` : null;
}

function parseUrl(url: string | undefined): URL | null {
  if (typeof url !== 'string') return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Who sent a message. Our own pages are recognised by our id *and* our origin (as Bitwarden
 * does), never by the URL alone; content scripts by our id, a tab, the top frame and an admin
 * origin. Anything without an `origin` is foreign: both browsers we support set it, so its
 * absence means something we do not understand. Never throws.
 */
export function classifySender(sender: SenderInfo, ctx: PolicyContext): SenderKind {
  if (sender.id !== ctx.extensionId) return { kind: 'foreign', why: 'other-extension' };
  const origin = sender.origin;
  if (typeof origin !== 'string' || origin === '' || origin === 'null') return { kind: 'foreign', why: 'no-origin' };
  const url = parseUrl(sender.url);
  const ownOrigin = originOf(ctx.extensionBaseUrl);
  if (ownOrigin !== null && origin === ownOrigin) {
    // Ours by origin; the URL only says which page, so it must be on that same origin.
    if (!url || originOf(url) !== ownOrigin) return { kind: 'foreign', why: 'own-origin-other-url' };
    const path = url.pathname.replace(/^\//, '');
    return path === 'popup.html' ? { kind: 'popup' } : { kind: 'extension-page', page: path };
  }
  if (!sender.tab || typeof sender.tab.id !== 'number') return { kind: 'foreign', why: 'no-tab' };
  if (sender.frameId !== 0) return { kind: 'foreign', why: 'subframe' };
  if (!ctx.adminOrigins.includes(origin)) return { kind: 'foreign', why: 'not-admin-origin' };
  // The page (which job) is read from the URL, so the URL must be on the origin the browser reports.
  if (!url || originOf(url) !== origin) return { kind: 'foreign', why: 'url-not-origin' };
  return { kind: 'content-script', tabId: sender.tab.id, origin, page: detectAdminPage(url) };
}

/** Null when the sender may send this message with this payload, else why not (a code, for the log). */
export function policyRefusal(type: MessageType, payload: unknown, sender: SenderKind): string | null {
  const rule = POLICY[type];
  switch (sender.kind) {
    case 'popup':
      return null;
    case 'extension-page':
      return rule.pages === 'popup-only' ? 'popup-only' : null;
    case 'foreign':
      return sender.why;
    case 'content-script': {
      if (rule.content === 'none') return 'not-from-admin-page';
      const page = sender.page;
      if (rule.content === 'overview') {
        return page?.kind === 'overview' ? null : 'overview-only';
      }
      const jobId = (payload as { jobId?: unknown } | null)?.jobId;
      if (page?.kind !== 'job') return 'job-page-only';
      return page.jobId === jobId ? null : 'not-own-job';
    }
  }
}
