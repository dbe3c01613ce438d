import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  detectAdminPage,
  isClassicOverviewPage,
  isClassicSettingsPage,
  isNewOverviewPage,
  isNewSettingsPage,
  isOverviewPage,
  isSamePage,
  isSettingsPage,
  jobIdOfPage,
  layoutOfPage,
  settingsUrl,
} from '../../../lib/pages/urls';

const ORIGIN = 'https://app.gotphoto.com';

/** Each detector's own URLs; every detector must refuse every other group's URLs. */
const URLS = {
  newOverview: [`${ORIGIN}/jobs`, `${ORIGIN}/jobs/`, `${ORIGIN}/jobs?q=park&status=selling`, `https://app.fotograf.de/jobs?page=2#top`, 'http://127.0.0.1:5199/jobs'],
  classicOverview: [`${ORIGIN}/classic/jobs`, `${ORIGIN}/classic/jobs/`, `${ORIGIN}/classic/jobs?status=archived&page=3`],
  newSettings: [`${ORIGIN}/jobs/103182/settings`, `${ORIGIN}/jobs/103182/settings/`, `${ORIGIN}/jobs/abc_DEF-9/settings?tab=1#price-list`],
  classicSettings: [`${ORIGIN}/classic/jobs/103182/settings`, `${ORIGIN}/classic/jobs/103182/settings/#fs-watermark`],
  /** Admin URLs that are none of the four. */
  other: [
    `${ORIGIN}/`,
    `${ORIGIN}/login`,
    `${ORIGIN}/login?next=%2Fjobs`,
    `${ORIGIN}/jobs/103182`,
    `${ORIGIN}/jobs/103182/photos`,
    `${ORIGIN}/jobs/103182/orders`,
    `${ORIGIN}/classic/jobs/103182/photos`,
    `${ORIGIN}/classic/jobs/103182/orders`,
    `${ORIGIN}/jobs/103182/settings/extra`,
    `${ORIGIN}/jobs/10%2F3/settings`,
    `${ORIGIN}/jobs/${'x'.repeat(65)}/settings`,
    `${ORIGIN}/api/v1/jobs`,
    `${ORIGIN}/api/v1/jobs/103182`,
    `${ORIGIN}/classic`,
    `${ORIGIN}/classic/jobs/settings`,
    `${ORIGIN}/jobsettings`,
    `${ORIGIN}/JOBS`,
    `${ORIGIN}/x/jobs/1/settings`,
    'not a url',
    '',
  ],
} as const;

type Group = keyof typeof URLS;

const DETECTORS: Record<Exclude<Group, 'other'>, (url: string) => boolean> = {
  newOverview: isNewOverviewPage,
  classicOverview: isClassicOverviewPage,
  newSettings: isNewSettingsPage,
  classicSettings: isClassicSettingsPage,
};

describe('page detectors', () => {
  for (const [name, detector] of Object.entries(DETECTORS) as [Exclude<Group, 'other'>, (url: string) => boolean][]) {
    describe(name, () => {
      it.each(URLS[name])('is true on its own URL %s', (url) => {
        expect(detector(url)).toBe(true);
      });
      const others = (Object.keys(URLS) as Group[]).filter((g) => g !== name).flatMap((g) => URLS[g].map((url) => [g, url] as const));
      it.each(others)('is false on a %s URL: %s', (_group, url) => {
        expect(detector(url)).toBe(false);
      });
    });
  }

  it('isOverviewPage and isSettingsPage cover both layouts and nothing else', () => {
    for (const url of [...URLS.newOverview, ...URLS.classicOverview]) expect(isOverviewPage(url), url).toBe(true);
    for (const url of [...URLS.newSettings, ...URLS.classicSettings]) expect(isSettingsPage(url), url).toBe(true);
    for (const url of [...URLS.newSettings, ...URLS.classicSettings, ...URLS.other]) expect(isOverviewPage(url), url).toBe(false);
    for (const url of [...URLS.newOverview, ...URLS.classicOverview, ...URLS.other]) expect(isSettingsPage(url), url).toBe(false);
  });

  it('accepts URL objects as well as strings', () => {
    expect(isNewSettingsPage(new URL(`${ORIGIN}/jobs/7/settings`))).toBe(true);
    expect(isClassicOverviewPage(new URL(`${ORIGIN}/classic/jobs`))).toBe(true);
  });

  it('parses the page, the layout and the job id', () => {
    expect(detectAdminPage(`${ORIGIN}/classic/jobs/103182/photos`)).toEqual({ kind: 'job', layout: 'classic', jobId: '103182', tab: 'photos' });
    expect(detectAdminPage(`${ORIGIN}/jobs`)).toEqual({ kind: 'overview', layout: 'new' });
    expect(layoutOfPage(`${ORIGIN}/classic/jobs`)).toBe('classic');
    expect(layoutOfPage(`${ORIGIN}/login`)).toBeNull();
    expect(jobIdOfPage(`${ORIGIN}/jobs/103182/orders`)).toBe('103182');
    expect(jobIdOfPage(`${ORIGIN}/jobs`)).toBeNull();
  });

  it('builds settings URLs the detectors recognise', () => {
    expect(isNewSettingsPage(settingsUrl(ORIGIN, '42'))).toBe(true);
    expect(isClassicSettingsPage(settingsUrl(ORIGIN, '42', 'classic'))).toBe(true);
  });

  it('treats a fragment change as the same page, anything else as another', () => {
    const a = new URL(`${ORIGIN}/jobs/1/settings`);
    expect(isSamePage(a, new URL(`${ORIGIN}/jobs/1/settings#price-list`))).toBe(true);
    expect(isSamePage(a, new URL(`${ORIGIN}/jobs/1/photos`))).toBe(false);
    expect(isSamePage(a, new URL(`${ORIGIN}/jobs/1/settings?x=1`))).toBe(false);
    expect(isSamePage(a, new URL(`https://app.fotograf.de/jobs/1/settings`))).toBe(false);
  });

  it('never throws, whatever the input', () => {
    const detectors = [detectAdminPage, isOverviewPage, isSettingsPage, ...Object.values(DETECTORS), jobIdOfPage, layoutOfPage];
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.webPath().map((p) => `${ORIGIN}${p}`)), (input) => {
        for (const detect of detectors) detect(input);
      }),
    );
  });
});
