import { render } from 'preact';
import '../../components/tokens.css';
import '../../components/components.css';
import './popup.css';
import { uiLanguage } from '../../lib/i18n/t';
import { App } from './App';
import { browserDeps } from './deps';
import { createPopupStore } from './store';

document.documentElement.lang = uiLanguage();
const store = createPopupStore(browserDeps());
// The first rows are asked for before the first render, so the background works while the popup renders.
void store.start();
render(<App store={store} />, document.getElementById('app')!);
addEventListener('pagehide', () => store.dispose());
