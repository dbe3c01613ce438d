import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing';
import { adminOriginsOf, defaultSettings, SETTINGS_KEY } from '../../../lib/settings/settings';
import { createSettingsSource } from '../../../lib/settings/store';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createSettingsSource (the background keeps settings in memory)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reads storage once, then answers from memory', async () => {
    await browser.storage.local.set({ [SETTINGS_KEY]: { ...defaultSettings(), adminOrigin: 'https://admin.example.com' } });
    const get = vi.spyOn(browser.storage.local, 'get');
    const source = createSettingsSource();
    const [a, b] = await Promise.all([source.load(), source.load()]);
    const c = await source.load();
    expect([a, b, c].map((s) => s.adminOrigin)).toEqual(['https://admin.example.com', 'https://admin.example.com', 'https://admin.example.com']);
    expect(get).toHaveBeenCalledTimes(1);
  });

  it('follows a change made by another context', async () => {
    const source = createSettingsSource();
    expect((await source.load()).syncIntervalMinutes).toBe(5);
    await browser.storage.local.set({ [SETTINGS_KEY]: { ...defaultSettings(), syncIntervalMinutes: 15 } });
    await flush();
    expect((await source.load()).syncIntervalMinutes).toBe(15);
  });

  it('tells its listeners of a change once load already gives it', async () => {
    const source = createSettingsSource();
    await source.load();
    const seen: number[] = [];
    source.onChange((changed) => {
      void source.load().then((loaded) => seen.push(changed.syncIntervalMinutes, loaded.syncIntervalMinutes));
    });
    await browser.storage.local.set({ [SETTINGS_KEY]: { ...defaultSettings(), syncIntervalMinutes: 30 } });
    await flush();
    expect(seen).toEqual([30, 30]);
  });

  it('falls back to the defaults when the settings are removed', async () => {
    await browser.storage.local.set({ [SETTINGS_KEY]: { ...defaultSettings(), badgeEnabled: false } });
    const source = createSettingsSource();
    expect((await source.load()).badgeEnabled).toBe(false);
    await browser.storage.local.remove(SETTINGS_KEY);
    await flush();
    expect(await source.load()).toEqual(defaultSettings());
  });

  it('answers with what it saved, and stores it', async () => {
    const source = createSettingsSource();
    await source.load();
    const saved = await source.save({ badgeEnabled: false });
    expect(saved.badgeEnabled).toBe(false);
    expect((await source.load()).badgeEnabled).toBe(false);
    expect((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]).toMatchObject({ badgeEnabled: false });
  });

  it('does not remember a failed read', async () => {
    const get = vi.spyOn(browser.storage.local, 'get').mockRejectedValueOnce(new Error('storage unavailable'));
    const source = createSettingsSource();
    await expect(source.load()).rejects.toThrow('storage unavailable');
    expect((await source.load()).adminOrigin).toBe(defaultSettings().adminOrigin);
    expect(get).toHaveBeenCalledTimes(2);
  });
});

describe('adminOriginsOf', () => {
  it('lists the built-in sites, the custom ones and the synced one, each once', () => {
    expect(adminOriginsOf({ adminOrigin: 'https://app.gotphoto.com', customOrigins: ['https://admin.example.com', 'https://app.fotograf.de'] })).toEqual([
      'https://app.gotphoto.com',
      'https://app.fotograf.de',
      'https://admin.example.com',
    ]);
    expect(adminOriginsOf({ adminOrigin: 'http://localhost:5199', customOrigins: [] })).toContain('http://localhost:5199');
  });
});
