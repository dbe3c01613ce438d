import { onBroadcast, send } from '../../lib/messaging/client';
import { missingHostPatterns, requestHostPatterns, watchHostAccess } from '../../lib/permissions/host-access';
import { watchSettings } from '../../lib/settings/store';

/**
 * Everything the options store reaches outside itself: the background (only through the
 * messaging client) and the browser's permission prompt. Tests pass fakes.
 */
export interface OptionsApi {
  send: typeof send;
  onBroadcast: typeof onBroadcast;
  missingHostPatterns: typeof missingHostPatterns;
  /** Must be called synchronously from a click handler (see lib/permissions/host-access). */
  requestHostPatterns: typeof requestHostPatterns;
  watchHostAccess: typeof watchHostAccess;
  /** Storage changes, whoever made them (the background broadcasts only its own saves). */
  watchSettings: typeof watchSettings;
}

export const browserOptionsApi: OptionsApi = { send, onBroadcast, missingHostPatterns, requestHostPatterns, watchHostAccess, watchSettings };
