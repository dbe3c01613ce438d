import { render } from 'preact';
import '../../components/tokens.css';
import '../../components/components.css';
import './popup.css';
import { t, uiLanguage } from '../../lib/i18n/t';
import { App } from './App';
import { browserDeps } from './deps';
import { createPopupStore } from './store';

/** How long the popup may stay blank waiting for its first rows before it shows the skeleton. */
const SKELETON_AFTER_MS = 50;

document.documentElement.lang = uiLanguage();
const store = createPopupStore(browserDeps());
// The first rows are asked for before anything renders, so the background works meanwhile.
void store.start();
// Meanwhile, the browser loads the extension's messages (the first getMessage in a page does, which
// took 6–17 ms), so the first render does not wait for it.
t('extName');
// Rows that come quickly (the kept first screen, a running worker) go into the first frame: a
// skeleton rendered and painted before them would hold them up by its own render and a frame.
// Slower ones (a stopped worker, nothing kept) get the skeleton first.
let mounted = false;
const mount = () => {
  if (mounted) return;
  mounted = true;
  render(<App store={store} />, document.getElementById('app')!);
};
void store.whenReady().then(mount);
setTimeout(mount, SKELETON_AFTER_MS);
addEventListener('pagehide', () => store.dispose());
