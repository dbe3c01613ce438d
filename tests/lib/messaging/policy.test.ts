import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classifySender, policyRefusal, POLICY, type PolicyContext, type SenderInfo } from '../../../lib/messaging/policy';
import { MESSAGE_TYPES, parseRequest, CHANNEL, type MessageType } from '../../../lib/messaging/protocol';

const ctx: PolicyContext = {
  extensionId: 'ourext',
  extensionBaseUrl: 'chrome-extension://ourext/',
  adminOrigins: ['https://app.gotphoto.com', 'http://127.0.0.1:5199'],
};

const OWN = 'chrome-extension://ourext';
const ADMIN = 'https://app.gotphoto.com';

/**
 * What the browser reports for each context. `origin` is filled in by the browser; `url` too,
 * but the policy only reads a page from it once it agrees with `origin`.
 */
const SENDERS: Record<string, SenderInfo> = {
  popup: { id: 'ourext', url: `${OWN}/popup.html`, origin: OWN },
  options: { id: 'ourext', url: `${OWN}/options.html`, origin: OWN, tab: { id: 3 }, frameId: 0 },
  contentOwnJob: { id: 'ourext', url: `${ADMIN}/jobs/42/settings`, origin: ADMIN, tab: { id: 7 }, frameId: 0 },
  contentOtherJob: { id: 'ourext', url: `${ADMIN}/jobs/43/settings`, origin: ADMIN, tab: { id: 7 }, frameId: 0 },
  contentOverview: { id: 'ourext', url: `${ADMIN}/jobs`, origin: ADMIN, tab: { id: 7 }, frameId: 0 },
  contentIframe: { id: 'ourext', url: `${ADMIN}/jobs/42/settings`, origin: ADMIN, tab: { id: 7 }, frameId: 4 },
  contentNonAdmin: { id: 'ourext', url: 'https://evil.example/jobs/42/settings', origin: 'https://evil.example', tab: { id: 8 }, frameId: 0 },
  otherExtension: { id: 'someoneelse', url: 'chrome-extension://someoneelse/popup.html', origin: 'chrome-extension://someoneelse' },
  noTab: { id: 'ourext', url: `${ADMIN}/jobs/42/settings`, origin: ADMIN },

  // The popup opened in a tab (as the e2e tests and "open in tab" do): still the popup.
  popupInTab: { id: 'ourext', url: `${OWN}/popup.html`, origin: OWN, tab: { id: 9 }, frameId: 0 },
  sidepanel: { id: 'ourext', url: `${OWN}/sidepanel.html`, origin: OWN },
  contentClassicOwnJob: { id: 'ourext', url: `${ADMIN}/classic/jobs/42/orders`, origin: ADMIN, tab: { id: 7 }, frameId: 0 },
  contentOtherAdminPage: { id: 'ourext', url: `${ADMIN}/account/profile`, origin: ADMIN, tab: { id: 7 }, frameId: 0 },
  contentSandboxOwnJob: { id: 'ourext', url: 'http://127.0.0.1:5199/jobs/42/photos', origin: 'http://127.0.0.1:5199', tab: { id: 7 }, frameId: 0 },
  contentNoFrameId: { id: 'ourext', url: `${ADMIN}/jobs/42/settings`, origin: ADMIN, tab: { id: 7 } },
  contentNoTabId: { id: 'ourext', url: `${ADMIN}/jobs/42/settings`, origin: ADMIN, tab: {}, frameId: 0 },

  // Missing origin: fail closed, whatever the URL claims.
  popupNoOrigin: { id: 'ourext', url: `${OWN}/popup.html` },
  optionsNoOrigin: { id: 'ourext', url: `${OWN}/options.html`, tab: { id: 3 }, frameId: 0 },
  contentNoOrigin: { id: 'ourext', url: `${ADMIN}/jobs/42/settings`, tab: { id: 7 }, frameId: 0 },
  emptyOrigin: { id: 'ourext', url: `${OWN}/popup.html`, origin: '' },
  opaqueOrigin: { id: 'ourext', url: `${OWN}/popup.html`, origin: 'null', tab: { id: 7 }, frameId: 0 },

  // A URL that disagrees with the origin the browser reports.
  adminOriginPopupUrl: { id: 'ourext', url: `${OWN}/popup.html`, origin: ADMIN, tab: { id: 7 }, frameId: 0 },
  adminOriginForeignUrl: { id: 'ourext', url: 'https://evil.example/jobs/42/settings', origin: ADMIN, tab: { id: 7 }, frameId: 0 },
  adminOriginNoUrl: { id: 'ourext', origin: ADMIN, tab: { id: 7 }, frameId: 0 },
  adminOriginBadUrl: { id: 'ourext', url: 'not a url', origin: ADMIN, tab: { id: 7 }, frameId: 0 },
  foreignOriginAdminUrl: { id: 'ourext', url: `${ADMIN}/jobs/42/settings`, origin: 'https://evil.example', tab: { id: 7 }, frameId: 0 },
  foreignOriginPopupUrl: { id: 'ourext', url: `${OWN}/popup.html`, origin: 'https://evil.example' },
  ownOriginAdminUrl: { id: 'ourext', url: `${ADMIN}/jobs/42/settings`, origin: OWN, tab: { id: 7 }, frameId: 0 },
  ownOriginOtherExtensionUrl: { id: 'ourext', url: 'chrome-extension://someoneelse/popup.html', origin: OWN },
  ownOriginNoUrl: { id: 'ourext', origin: OWN },

  // Origins that only look like ours.
  otherExtensionOriginOurId: { id: 'ourext', url: 'chrome-extension://someoneelse/popup.html', origin: 'chrome-extension://someoneelse' },
  lookalikeOrigin: { id: 'ourext', url: 'chrome-extension://ourext-evil/popup.html', origin: 'chrome-extension://ourext-evil' },
  trailingSlashOrigin: { id: 'ourext', url: `${OWN}/popup.html`, origin: `${OWN}/` },
  otherSchemeOrigin: { id: 'ourext', url: 'moz-extension://ourext/popup.html', origin: 'moz-extension://ourext' },
  adminOriginOtherPort: { id: 'ourext', url: 'https://app.gotphoto.com:8443/jobs/42/settings', origin: 'https://app.gotphoto.com:8443', tab: { id: 7 }, frameId: 0 },
  adminOriginHttp: { id: 'ourext', url: 'http://app.gotphoto.com/jobs/42/settings', origin: 'http://app.gotphoto.com', tab: { id: 7 }, frameId: 0 },

  // Another extension, even one reporting our origin or an admin page.
  otherExtensionOwnOrigin: { id: 'someoneelse', url: `${OWN}/popup.html`, origin: OWN },
  otherExtensionContentScript: { id: 'someoneelse', url: `${ADMIN}/jobs/42/settings`, origin: ADMIN, tab: { id: 7 }, frameId: 0 },
  noId: { url: `${OWN}/popup.html`, origin: OWN },
};

/** A payload that passes each message's schema and names job 42 where a job is named. */
const PAYLOADS: Record<MessageType, unknown> = {
  getJobs: {},
  getJob: { jobId: '42' },
  getJobSummaries: { jobIds: ['42', '43'] },
  getSyncState: {},
  refresh: {},
  setJobStatus: { jobId: '42', to: 'selling', expectedVersion: 1 },
  previewBulk: { jobIds: ['42'], target: 'archived' },
  startBulk: { jobIds: ['42'], target: 'archived', includeCritical: false },
  getBulk: {},
  cancelBulk: { bulkId: 'b1' },
  retryBulk: { bulkId: 'b1' },
  undoBulk: { bulkId: 'b1' },
  getActivity: {},
  getSettings: {},
  setSettings: { badgeEnabled: false },
  clearCache: { scope: 'all' },
};

/** Written out independently of POLICY: which sender may send which message (job 42's page). */
const EXPECTED_ALLOWED: Record<string, MessageType[]> = {
  popup: [...MESSAGE_TYPES],
  options: MESSAGE_TYPES.filter((t) => !['previewBulk', 'startBulk', 'getBulk', 'cancelBulk', 'retryBulk', 'undoBulk'].includes(t)),
  contentOwnJob: ['getJob', 'setJobStatus'],
  contentOtherJob: [],
  contentOverview: ['getJobSummaries'],
  contentIframe: [],
  contentNonAdmin: [],
  otherExtension: [],
  noTab: [],

  popupInTab: [...MESSAGE_TYPES],
  sidepanel: MESSAGE_TYPES.filter((t) => !['previewBulk', 'startBulk', 'getBulk', 'cancelBulk', 'retryBulk', 'undoBulk'].includes(t)),
  contentClassicOwnJob: ['getJob', 'setJobStatus'],
  contentOtherAdminPage: [],
  contentSandboxOwnJob: ['getJob', 'setJobStatus'],
  contentNoFrameId: [],
  contentNoTabId: [],

  popupNoOrigin: [],
  optionsNoOrigin: [],
  contentNoOrigin: [],
  emptyOrigin: [],
  opaqueOrigin: [],

  adminOriginPopupUrl: [],
  adminOriginForeignUrl: [],
  adminOriginNoUrl: [],
  adminOriginBadUrl: [],
  foreignOriginAdminUrl: [],
  foreignOriginPopupUrl: [],
  ownOriginAdminUrl: [],
  ownOriginOtherExtensionUrl: [],
  ownOriginNoUrl: [],

  otherExtensionOriginOurId: [],
  lookalikeOrigin: [],
  trailingSlashOrigin: [],
  otherSchemeOrigin: [],
  adminOriginOtherPort: [],
  adminOriginHttp: [],

  otherExtensionOwnOrigin: [],
  otherExtensionContentScript: [],
  noId: [],
};

describe('sender policy', () => {
  it('covers every message type, and every sender has its expectation written out', () => {
    expect(Object.keys(POLICY).sort()).toEqual([...MESSAGE_TYPES].sort());
    expect(Object.keys(PAYLOADS).sort()).toEqual([...MESSAGE_TYPES].sort());
    expect(Object.keys(EXPECTED_ALLOWED).sort()).toEqual(Object.keys(SENDERS).sort());
  });

  for (const [senderName, sender] of Object.entries(SENDERS)) {
    for (const type of MESSAGE_TYPES) {
      const allowed = EXPECTED_ALLOWED[senderName]!.includes(type);
      it(`${allowed ? 'allows' : 'refuses'} ${type} from ${senderName}`, () => {
        const parsed = parseRequest({ channel: CHANNEL, type, payload: PAYLOADS[type] });
        expect(parsed.ok).toBe(true);
        const refusal = policyRefusal(type, parsed.ok ? parsed.payload : null, classifySender(sender, ctx));
        if (allowed) expect(refusal).toBeNull();
        else expect(refusal).toEqual(expect.any(String));
      });
    }
  }

  it('lets a content script change only the job its page names', () => {
    const kind = classifySender(SENDERS.contentOwnJob!, ctx);
    expect(policyRefusal('setJobStatus', { jobId: '42', to: 'archived', expectedVersion: 1 }, kind)).toBeNull();
    expect(policyRefusal('setJobStatus', { jobId: '43', to: 'archived', expectedVersion: 1 }, kind)).toBe('not-own-job');
  });

  it('treats an admin page on an origin not in the list as foreign', () => {
    expect(classifySender(SENDERS.contentNonAdmin!, ctx)).toMatchObject({ kind: 'foreign' });
  });

  it('classifies by id and origin, reading only the page from the URL', () => {
    expect(classifySender(SENDERS.popup!, ctx)).toEqual({ kind: 'popup' });
    expect(classifySender(SENDERS.popupInTab!, ctx)).toEqual({ kind: 'popup' });
    expect(classifySender(SENDERS.options!, ctx)).toEqual({ kind: 'extension-page', page: 'options.html' });
    expect(classifySender({ ...SENDERS.popup!, url: `${OWN}/popup.html?tab=1#top` }, ctx)).toEqual({ kind: 'popup' });
    expect(classifySender(SENDERS.contentOwnJob!, ctx)).toEqual({
      kind: 'content-script',
      tabId: 7,
      origin: ADMIN,
      page: { kind: 'job', layout: 'new', jobId: '42', tab: 'settings' },
    });
  });

  it('says why a sender is refused', () => {
    const why = (name: string) => {
      const kind = classifySender(SENDERS[name]!, ctx);
      return kind.kind === 'foreign' ? kind.why : `not foreign: ${kind.kind}`;
    };
    expect(why('otherExtension')).toBe('other-extension');
    expect(why('popupNoOrigin')).toBe('no-origin');
    expect(why('contentNoOrigin')).toBe('no-origin');
    expect(why('ownOriginAdminUrl')).toBe('own-origin-other-url');
    expect(why('adminOriginForeignUrl')).toBe('url-not-origin');
    expect(why('foreignOriginAdminUrl')).toBe('not-admin-origin');
    expect(why('contentIframe')).toBe('subframe');
    expect(why('noTab')).toBe('no-tab');
  });

  it('recognises our pages in Firefox (moz-extension://<uuid>, an id that is not the host)', () => {
    const firefox: PolicyContext = {
      extensionId: '{aeb6442a-2711-45fa-9984-7bcae61233bd}',
      extensionBaseUrl: 'moz-extension://0f4c2d1e-8a7b-4c3d-9e2f-1a2b3c4d5e6f/',
      adminOrigins: [ADMIN],
    };
    const base = 'moz-extension://0f4c2d1e-8a7b-4c3d-9e2f-1a2b3c4d5e6f';
    const id = firefox.extensionId;
    expect(classifySender({ id, url: `${base}/popup.html`, origin: base }, firefox)).toEqual({ kind: 'popup' });
    expect(classifySender({ id, url: `${base}/options.html`, origin: base, tab: { id: 2 }, frameId: 0 }, firefox)).toEqual({ kind: 'extension-page', page: 'options.html' });
    expect(classifySender({ id, url: `${ADMIN}/jobs/42/settings`, origin: ADMIN, tab: { id: 2 }, frameId: 0 }, firefox)).toMatchObject({ kind: 'content-script', origin: ADMIN });
    expect(classifySender({ id, url: `${base}/popup.html` }, firefox)).toMatchObject({ kind: 'foreign' });
    // Another install's UUID, and a Chrome-shaped origin built from our id, are not us.
    expect(classifySender({ id, url: 'moz-extension://11111111-2222-3333-4444-555555555555/popup.html', origin: 'moz-extension://11111111-2222-3333-4444-555555555555' }, firefox)).toMatchObject({ kind: 'foreign' });
    expect(classifySender({ id, url: `chrome-extension://${id}/popup.html`, origin: `chrome-extension://${id}` }, firefox)).toMatchObject({ kind: 'foreign' });
  });

  it('recognises no extension page at all when the base URL is unusable (fails closed)', () => {
    for (const extensionBaseUrl of ['', 'not a url', 'about:blank']) {
      expect(classifySender(SENDERS.popup!, { ...ctx, extensionBaseUrl })).toMatchObject({ kind: 'foreign' });
    }
  });
});

describe('message schemas', () => {
  it('rejects unknown types, other channels and bad payloads with a clear error', () => {
    const detail = (raw: unknown) => {
      const parsed = parseRequest(raw);
      return parsed.ok ? null : parsed.error.reason;
    };
    expect(detail(null)).toEqual({ code: 'invalid-message', params: { detail: '(root)' } });
    expect(detail({ channel: 'x', type: 'getJobs' })).toEqual({ code: 'invalid-message', params: { detail: 'channel' } });
    expect(detail({ channel: CHANNEL, type: 'deleteEverything', payload: {} })).toEqual({ code: 'invalid-message', params: { detail: 'type' } });
    expect(parseRequest({ channel: CHANNEL, type: '__proto__', payload: {} })).toMatchObject({ ok: false });
    const bad = parseRequest({ channel: CHANNEL, type: 'setJobStatus', payload: { jobId: '42', to: 'live', expectedVersion: 1 } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-message', reason: { code: 'invalid-message', params: { detail: expect.stringContaining('to') } } } });
    const extra = parseRequest({ channel: CHANNEL, type: 'getJob', payload: { jobId: '42', sneaky: true } });
    expect(extra.ok).toBe(false);
  });

  it('never throws for arbitrary input (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), fc.record({ channel: fc.constant(CHANNEL), type: fc.constantFrom(...MESSAGE_TYPES, 'x'), payload: fc.jsonValue() })),
        (raw) => {
          const parsed = parseRequest(raw);
          expect(typeof parsed.ok).toBe('boolean');
        },
      ),
      { numRuns: 2000 },
    );
  });

  const senderField = <T>(...typical: fc.Arbitrary<T>[]) => fc.oneof(...typical, fc.constant(undefined), fc.anything());
  /** Sender-shaped objects whose fields are sometimes right, sometimes wrong, sometimes of any type at all. */
  const arbitrarySender = fc.record(
    {
      id: senderField(fc.constant('ourext'), fc.constant('someoneelse'), fc.string()),
      origin: senderField(
        fc.constantFrom(OWN, `${OWN}/`, 'chrome-extension://someoneelse', ADMIN, 'http://127.0.0.1:5199', 'null', ''),
        fc.webUrl().map((u) => new URL(u).origin),
        fc.string(),
      ),
      url: senderField(
        fc.constantFrom(`${OWN}/popup.html`, `${OWN}/options.html`, `${ADMIN}/jobs/42/settings`, `${ADMIN}/jobs`, 'chrome-extension://someoneelse/popup.html'),
        fc.webUrl(),
        fc.string(),
      ),
      frameId: senderField(fc.integer({ min: -1, max: 5 })),
      tab: senderField(fc.record({ id: senderField(fc.integer()), url: senderField(fc.string()) }, { requiredKeys: [] })),
    },
    { requiredKeys: [] },
  ) as fc.Arbitrary<SenderInfo>;

  it('never throws classifying arbitrary sender objects, and answers with a kind (property)', () => {
    fc.assert(
      fc.property(fc.oneof(arbitrarySender, fc.object() as fc.Arbitrary<SenderInfo>), fc.constantFrom(...MESSAGE_TYPES), fc.anything(), (s, type, payload) => {
        const kind = classifySender(s, ctx);
        expect(['popup', 'extension-page', 'content-script', 'foreign']).toContain(kind.kind);
        const refusal = policyRefusal(type, payload, kind);
        expect(refusal === null || typeof refusal === 'string').toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('never takes a sender without our id and our exact origin for one of our pages (property)', () => {
    fc.assert(
      fc.property(arbitrarySender, (s) => {
        const kind = classifySender(s, ctx);
        if (kind.kind === 'popup' || kind.kind === 'extension-page') {
          expect(s.id).toBe('ourext');
          expect(s.origin).toBe(OWN);
          expect(typeof s.url === 'string' && s.url.startsWith(`${OWN}/`)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('takes only our id, a tab, the top frame and an admin origin the URL agrees with for a content script (property)', () => {
    fc.assert(
      fc.property(arbitrarySender, (s) => {
        const kind = classifySender(s, ctx);
        if (kind.kind === 'content-script') {
          expect(s.id).toBe('ourext');
          expect(ctx.adminOrigins).toContain(s.origin);
          expect(kind.origin).toBe(s.origin);
          expect(s.frameId).toBe(0);
          expect(kind.tabId).toBe(s.tab?.id);
          expect(new URL(s.url!).origin).toBe(s.origin);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('fails closed without an origin, whatever else the sender says (property)', () => {
    fc.assert(
      fc.property(arbitrarySender, fc.constantFrom(...MESSAGE_TYPES), (s, type) => {
        const { origin: _origin, ...withoutOrigin } = s;
        const kind = classifySender(withoutOrigin, ctx);
        expect(kind.kind).toBe('foreign');
        expect(policyRefusal(type, PAYLOADS[type], kind)).toEqual(expect.any(String));
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws classifying arbitrary senders (property)', () => {
    const sender = fc.record(
      {
        id: fc.oneof(fc.constant('ourext'), fc.string()),
        url: fc.oneof(fc.webUrl(), fc.string(), fc.constant('chrome-extension://ourext/popup.html')),
        origin: fc.oneof(fc.constant(OWN), fc.constant(ADMIN), fc.string()),
        frameId: fc.integer({ min: -1, max: 5 }),
        tab: fc.record({ id: fc.integer(), url: fc.string() }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(sender, fc.constantFrom(...MESSAGE_TYPES), fc.jsonValue(), (s, type, payload) => {
        const refusal = policyRefusal(type, payload, classifySender(s, ctx));
        expect(refusal === null || typeof refusal === 'string').toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
