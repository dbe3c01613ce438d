import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deskTargetFor, sameDeskTarget, type DeskTarget } from '../../../lib/pages/desk-target';

const ADMIN = ['https://app.gotphoto.com', 'https://app.fotograf.de', 'http://127.0.0.1:5199'];

describe('deskTargetFor: what the side panel shows beside a tab', () => {
  it.each<[string | undefined, DeskTarget]>([
    ['https://app.gotphoto.com/jobs/104114/settings', { kind: 'job', jobId: '104114' }],
    ['https://app.gotphoto.com/jobs/104114/photos', { kind: 'job', jobId: '104114' }],
    ['https://app.fotograf.de/classic/jobs/A-9_z/orders', { kind: 'job', jobId: 'A-9_z' }],
    ['http://127.0.0.1:5199/classic/jobs/7/settings?tab=1#prices', { kind: 'job', jobId: '7' }],
    ['https://app.gotphoto.com/jobs', { kind: 'list' }],
    ['https://app.gotphoto.com/jobs/?q=lind', { kind: 'list' }],
    ['http://127.0.0.1:5199/classic/jobs', { kind: 'list' }],
    // Admin pages we do not know, other sites, other ports, the browser's and the extension's own pages: keep what is shown.
    ['https://app.gotphoto.com/login', { kind: 'keep' }],
    ['https://app.gotphoto.com/jobs/104114', { kind: 'keep' }],
    ['https://app.gotphoto.com/dashboard', { kind: 'keep' }],
    ['https://evil.example/jobs/104114/settings', { kind: 'keep' }],
    ['http://app.gotphoto.com/jobs/1/settings', { kind: 'keep' }],
    ['http://127.0.0.1:5200/jobs/1/settings', { kind: 'keep' }],
    ['chrome://newtab/', { kind: 'keep' }],
    ['chrome-extension://abc/sidepanel.html', { kind: 'keep' }],
    ['about:blank', { kind: 'keep' }],
    ['not a url', { kind: 'keep' }],
    ['', { kind: 'keep' }],
    [undefined, { kind: 'keep' }],
  ])('%s → %o', (url, expected) => {
    expect(deskTargetFor(url, ADMIN)).toEqual(expected);
  });

  it('never throws and only ever names a job of an admin origin', () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string()), (url) => {
        const target = deskTargetFor(url, ADMIN);
        if (target.kind !== 'keep') expect(ADMIN).toContain(new URL(url).origin);
      }),
    );
  });

  it('tells targets apart by kind and job', () => {
    expect(sameDeskTarget({ kind: 'job', jobId: '1' }, { kind: 'job', jobId: '1' })).toBe(true);
    expect(sameDeskTarget({ kind: 'job', jobId: '1' }, { kind: 'job', jobId: '2' })).toBe(false);
    expect(sameDeskTarget({ kind: 'list' }, { kind: 'list' })).toBe(true);
    expect(sameDeskTarget({ kind: 'list' }, { kind: 'keep' })).toBe(false);
  });
});
