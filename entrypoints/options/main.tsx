import { render } from 'preact';
import { browser } from 'wxt/browser';
import '../../components/tokens.css';
import '../../components/components.css';
import './options.css';
import { t, uiLanguage } from '../../lib/i18n/t';
import { browserOptionsApi } from './api';
import { App } from './App';
import { createOptionsStore } from './store';

document.documentElement.lang = uiLanguage();
document.title = t('options_title');

render(<App store={createOptionsStore(browserOptionsApi)} version={browser.runtime.getManifest().version} />, document.getElementById('app')!);
