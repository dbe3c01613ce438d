import tokens from '../../components/tokens.css?inline';
import components from '../../components/components.css?inline';
import page from './ui/page.css?inline';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { adminHostPatterns } from '../../lib/env/origins';
import { lightOnly, setContentCss } from '../../lib/content/shadow-host';
import { startContentFeatures } from '../../lib/content/start';
import { markInjected } from '../../lib/content/timing';
import { FEATURES } from './features';

export default defineContentScript({
  matches: adminHostPatterns(import.meta.env.MODE),
  runAt: 'document_idle',
  // The CSS goes into the features' shadow roots only (lib/content/shadow-host), never the page.
  cssInjectionMode: 'manual',
  main(ctx) {
    markInjected();
    setContentCss(lightOnly(tokens + components + page));
    startContentFeatures(ctx, FEATURES);
  },
});
