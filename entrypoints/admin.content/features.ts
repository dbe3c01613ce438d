import type { ContentFeature } from '../../lib/content/runner';

/** Every content-script feature, each in its own file, each declaring the pages it runs on. */
export const FEATURES: readonly ContentFeature[] = [];
