import { describe, expect, it } from 'vitest';
import { EXTENSION_PAGE_PATH, extensionPageOf } from '../../../lib/background/sandbox-pages';

describe('the sandbox build’s extension-page opener', () => {
  it('opens only the popup or the options page, and only from the local sandbox', () => {
    expect(extensionPageOf(`http://127.0.0.1:5199${EXTENSION_PAGE_PATH}?page=popup.html`)).toBe('/popup.html');
    expect(extensionPageOf(`http://localhost:5199${EXTENSION_PAGE_PATH}?page=options.html`)).toBe('/options.html');
    expect(extensionPageOf(`http://127.0.0.1:5199${EXTENSION_PAGE_PATH}?page=background.js`)).toBeNull();
    expect(extensionPageOf(`http://127.0.0.1:5199${EXTENSION_PAGE_PATH}?page=../popup.html`)).toBeNull();
    expect(extensionPageOf(`http://127.0.0.1:5199${EXTENSION_PAGE_PATH}`)).toBeNull();
    expect(extensionPageOf(`https://app.gotphoto.com${EXTENSION_PAGE_PATH}?page=popup.html`)).toBeNull();
    expect(extensionPageOf('http://127.0.0.1:5199/jobs?page=popup.html')).toBeNull();
    expect(extensionPageOf('not a url')).toBeNull();
  });
});
