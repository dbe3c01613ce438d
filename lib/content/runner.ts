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
  signal: AbortSignal;
}

export interface Runner {
  /** Aborts the current run and starts the features that match `url`. */
  navigate(url: URL): Promise<string[]>;
  stop(): void;
}

export type FeatureErrorLogger = (featureId: string, error: unknown) => void;

const defaultLogger: FeatureErrorLogger = (featureId, error) => {
  console.warn(`[Job Status Companion] feature "${featureId}" failed`, error);
};

export function createRunner(features: readonly ContentFeature[], log: FeatureErrorLogger = defaultLogger): Runner {
  let current: AbortController | null = null;

  return {
    async navigate(url) {
      current?.abort();
      const controller = new AbortController();
      current = controller;
      const started: string[] = [];
      await Promise.all(
        features.map(async (feature) => {
          try {
            if (!feature.matches(url)) return;
            started.push(feature.id);
            await feature.init({ url, signal: controller.signal });
          } catch (error) {
            if (!controller.signal.aborted) log(feature.id, error);
          }
        }),
      );
      return started;
    },
    stop() {
      current?.abort();
      current = null;
    },
  };
}
