import type { AdminApi } from '../admin-api/port';
import type { Session } from '../core/types';
import { CHANNEL, type BroadcastEvent, type SyncStateView } from '../messaging/protocol';
import type { Settings, SettingsPatch } from '../settings/settings';
import type { SyncTarget } from '../sync/sync';
import type { Current } from './app';

/**
 * An admin page the user opens is the first sign of who is signed in there: before any sync
 * (first use), after the session expired and the user signed in again, or as another account.
 * The page asks once per view; whatever is news (no account yet, another account, a last sync
 * that did not end well) makes that account current and starts its sync. Tabs asking at once
 * share one question.
 */

/** What a page view found: `verified` when the admin site just confirmed that `here.account` is signed in. */
export interface PageCheck {
  here: Current;
  verified: boolean;
}

export interface PageSessionDeps {
  api(origin: string): AdminApi;
  settings: { load(): Promise<Settings>; save(patch: SettingsPatch): Promise<Settings> };
  current(settings?: Settings): Promise<Current>;
  forgetCurrent(): void;
  syncer: { view(): Promise<SyncStateView>; establish(session: Session): Promise<SyncTarget | null> };
  broadcast(event: BroadcastEvent): void;
}

export function createPageSessionCheck(deps: PageSessionDeps): (pageOrigin: string) => Promise<PageCheck> {
  const checks = new Map<string, Promise<PageCheck>>();

  async function run(pageOrigin: string): Promise<PageCheck> {
    let settings = await deps.settings.load();
    let here = await deps.current(settings);
    if (pageOrigin !== settings.adminOrigin) {
      // The extension follows the admin site the user actually signs in to, until an account is known on the chosen one.
      if (here.partition) return { here, verified: false };
      settings = await deps.settings.save({ adminOrigin: pageOrigin });
      deps.forgetCurrent();
      here = await deps.current(settings);
    }
    let session: Session;
    try {
      session = await deps.api(here.origin).getSession();
    } catch {
      // Signed out or unreachable: what is cached stays as it is, and the next sync says why.
      return { here, verified: false };
    }
    const status = (await deps.syncer.view()).status;
    if (here.account?.id === session.account.id && (status === 'ok' || status === 'syncing')) return { here, verified: true };
    const switched = here.account !== null && here.account.id !== session.account.id;
    const target = await deps.syncer.establish(session);
    if (!target) return { here: await deps.current(), verified: false };
    // Whatever showed the previous account's jobs (the popup's first screen, the pages) starts over.
    if (switched) deps.broadcast({ channel: CHANNEL, event: 'jobsChanged', jobIds: null });
    return { here: await deps.current(), verified: true };
  }

  return (pageOrigin) => {
    let check = checks.get(pageOrigin);
    if (!check) {
      check = run(pageOrigin).finally(() => checks.delete(pageOrigin));
      checks.set(pageOrigin, check);
    }
    return check;
  };
}
