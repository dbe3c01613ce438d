import { defineContentScript } from 'wxt/utils/define-content-script';
import { adminHostPatterns } from '../../lib/env/origins';
import { startContentFeatures } from '../../lib/content/start';
import { FEATURES } from './features';

export default defineContentScript({
  matches: adminHostPatterns(import.meta.env.MODE),
  runAt: 'document_idle',
  main(ctx) {
    startContentFeatures(ctx, FEATURES);
  },
});
