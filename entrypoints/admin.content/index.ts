import tokens from '../../components/tokens.css?inline';
import components from '../../components/components.css?inline';
import page from './ui/page.css?inline';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { adminHostPatterns } from '../../lib/env/origins';
import { lightOnly, setContentCss } from '../../lib/content/shadow-host';
import { startContentFeatures, whenDomReady } from '../../lib/content/start';
import { wakeBackground } from '../../lib/messaging/client';
import { markInjected } from '../../lib/content/timing';
import { FEATURES } from './features';

export default defineContentScript({
  matches: adminHostPatterns(import.meta.env.MODE),
  // Loaded as the page starts, only to wake the background (see main); the features start with the DOM.
  runAt: 'document_start',
  // The CSS goes into the features' shadow roots only (lib/content/shadow-host), never the page.
  cssInjectionMode: 'manual',
  main(ctx) {
    // Chromium stops an idle service worker after 30 s, and starting it and opening its database
    // took longer than everything else the UI needs: woken now, it is ready while the page loads.
    wakeBackground();
    whenDomReady(ctx, () => {
      markInjected();
      setContentCss(lightOnly(tokens + components + page));
      startContentFeatures(ctx, FEATURES);
    });
  },
});
