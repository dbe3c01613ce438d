import { isSamePage } from '../pages/urls';

/**
 * Runs the content-script features that match the current URL, each isolated: one that throws
 * is logged and the others go on, and nothing reaches the admin page. On client-side navigation
 * the previous run is aborted (its listeners and UI go with its AbortSignal) and the matching
 * features run again.
 */
export interface ContentFeature {
  id: string;
  /** Whether the feature runs on this page (a lib/pages detector). */
  matches(url: URL): boolean;
  init(run: FeatureRun): void | Promise<void>;
}

export interface FeatureRun {
  url: URL;
  /** Aborted when the page changes or the extension goes away: every listener and UI hangs on it. */
  signal: AbortSignal;
  /**
   * Logs an error of this feature that happens after init (in a listener, a late promise),
   * unless the run is over. Such errors must never reach the page either.
   */
  report(error: unknown): void;
}

export interface Runner {
  /**
   * Aborts the current run and starts the features that match `url`; resolves with their ids
   * once every init has settled. A change of the fragment alone keeps the current run.
   */
  navigate(url: URL): Promise<string[]>;
  stop(): void;
}

export type FeatureErrorLogger = (featureId: string, error: unknown) => void;

const defaultLogger: FeatureErrorLogger = (featureId, error) => {
  console.warn(`[Job Status Companion] feature "${featureId}" failed`, error);
};

export function createRunner(features: readonly ContentFeature[], log: FeatureErrorLogger = defaultLogger): Runner {
  let current: { controller: AbortController; url: URL; started: Promise<string[]> } | null = null;

  return {
    navigate(url) {
      if (current && !current.controller.signal.aborted && isSamePage(current.url, url)) return current.started;
      current?.controller.abort();
      const controller = new AbortController();
      const { signal } = controller;
      const safeLog = (id: string, error: unknown) => {
        if (signal.aborted) return;
        try {
          log(id, error);
        } catch {
          // A broken logger must not turn a feature's failure into the page's.
        }
      };
      const matching = features.filter((feature) => {
        try {
          return feature.matches(url);
        } catch (error) {
          safeLog(feature.id, error);
          return false;
        }
      });
      const started = Promise.all(
        matching.map(async (feature) => {
          try {
            await feature.init({ url, signal, report: (error) => safeLog(feature.id, error) });
          } catch (error) {
            safeLog(feature.id, error);
          }
        }),
      ).then(() => matching.map((feature) => feature.id));
      current = { controller, url, started };
      return started;
    },
    stop() {
      current?.controller.abort();
      current = null;
    },
  };
}
