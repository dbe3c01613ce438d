// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { contentStyles, createShadowHost, lightOnly, prepareContentUi, setContentCss } from '../../../lib/content/shadow-host';
import { fakeBrowser } from 'wxt/testing';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

describe('shadow hosts', () => {
  it('keeps keys typed inside from reaching the admin’s shortcuts', () => {
    const { host, container } = createShadowHost('test-host', '');
    document.body.append(host);
    const onKey = vi.fn();
    document.addEventListener('keydown', onKey);
    const button = document.createElement('button');
    container.append(button);
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true, composed: true }));
    expect(onKey).not.toHaveBeenCalled();
    document.removeEventListener('keydown', onKey);
    host.remove();
  });

  it('shares one constructed stylesheet, or falls back to a <style>', () => {
    const sheet = new CSSStyleSheet();
    const a = createShadowHost('test-a', sheet);
    const b = createShadowHost('test-b', sheet);
    expect(a.host.shadowRoot?.adoptedStyleSheets).toEqual([sheet]);
    expect(b.host.shadowRoot?.adoptedStyleSheets[0]).toBe(sheet);
    expect(createShadowHost('test-c', ':host{}').host.shadowRoot?.querySelector('style')?.textContent).toBe(':host{}');
  });

  it('builds one shared stylesheet from the bundled CSS, rooted at the shadow host', () => {
    setContentCss(':root{--jsc-bg:#fff}.jsc-x{color:red}');
    const sheet = contentStyles();
    expect(contentStyles()).toBe(sheet);
    const text = typeof sheet === 'string' ? sheet : [...sheet.cssRules].map((rule) => rule.cssText).join('');
    expect(text).toContain(':host');
    expect(text).not.toContain(':root');
    const { host } = createShadowHost('test-d');
    expect(host.shadowRoot?.adoptedStyleSheets.length ?? host.shadowRoot?.querySelectorAll('style').length).toBe(1);
  });

  it('drops the dark-scheme rules (the admin is light-only), minified or not, and keeps the rest', () => {
    const tokens = readFileSync(resolve(import.meta.dirname, '../../../components/tokens.css'), 'utf8');
    const light = lightOnly(tokens);
    expect(tokens).toContain('prefers-color-scheme');
    expect(light).not.toContain('prefers-color-scheme');
    expect(light).toContain('--jsc-bg: #ffffff');
    expect(light).not.toContain('#16191e');
    const minified = ':host{--a:#fff}@media (prefers-color-scheme:dark){:root,:host{--a:#000}.x{color:red}}.y{color:blue}';
    expect(lightOnly(minified)).toBe(':host{--a:#fff}.y{color:blue}');
  });

  it('prepares the first render while the first answer is on its way: the shared sheet built, the messages asked for', () => {
    setContentCss('.jsc-root { color: red }');
    const getMessage = vi.spyOn(fakeBrowser.i18n, 'getMessage');
    prepareContentUi();
    const sheet = contentStyles();
    expect(typeof sheet).not.toBe('string');
    expect(contentStyles()).toBe(sheet);
    expect(getMessage).toHaveBeenCalled();
  });
});
