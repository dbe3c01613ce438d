import type { ContentFeature } from '../../lib/content/runner';
import { overviewBadgesFeature } from './overview-badges';
import { settingsPageFeature } from './settings-page';

/** Every content-script feature, each in its own file, each declaring the pages it runs on. */
export const FEATURES: readonly ContentFeature[] = [settingsPageFeature, overviewBadgesFeature];
