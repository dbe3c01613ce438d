import { fakeBrowser } from 'wxt/testing';
import { describe, expect, it, vi } from 'vitest';
import { hasHostAccess, missingHostPatterns, requestHostPatterns, requiredHostPatterns } from '../../../lib/permissions/host-access';

describe('host access', () => {
  it('needs exactly the pattern of the chosen admin site', () => {
    expect(requiredHostPatterns('https://app.fotograf.de')).toEqual(['https://app.fotograf.de/*']);
  });

  it('reports the patterns the browser does not grant', async () => {
    const granted = new Set(['https://app.gotphoto.com/*']);
    const contains = vi
      .spyOn(fakeBrowser.permissions, 'contains')
      .mockImplementation(async ({ origins }) => (origins ?? []).every((origin) => granted.has(origin)));
    expect(await missingHostPatterns(['https://app.gotphoto.com/*', 'https://app.fotograf.de/*'])).toEqual(['https://app.fotograf.de/*']);
    expect(await hasHostAccess('https://app.gotphoto.com')).toBe(true);
    expect(await hasHostAccess('https://app.fotograf.de')).toBe(false);
    expect(contains).toHaveBeenCalledWith({ origins: ['https://app.fotograf.de/*'] });
  });

  it('asks the browser with the patterns as given', async () => {
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true);
    await expect(requestHostPatterns(['https://admin.example.com/*'])).resolves.toBe(true);
    expect(request).toHaveBeenCalledWith({ origins: ['https://admin.example.com/*'] });
  });
});
