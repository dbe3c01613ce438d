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
render(<App store={store} />, document.getElementById('app')!);
void store.start();
addEventListener('pagehide', () => store.dispose());
