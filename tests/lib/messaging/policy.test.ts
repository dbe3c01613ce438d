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
};

describe('sender policy', () => {
  it('covers every message type', () => {
    expect(Object.keys(POLICY).sort()).toEqual([...MESSAGE_TYPES].sort());
    expect(Object.keys(PAYLOADS).sort()).toEqual([...MESSAGE_TYPES].sort());
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
    expect(policyRefusal('setJobStatus', { jobId: '43', to: 'archived', expectedVersion: 1 }, kind)).toMatch(/own job/);
  });

  it('treats an admin page on an origin not in the list as foreign', () => {
    expect(classifySender(SENDERS.contentNonAdmin!, ctx)).toMatchObject({ kind: 'foreign' });
  });
});

describe('message schemas', () => {
  it('rejects unknown types, other channels and bad payloads with a clear error', () => {
    expect(parseRequest(null)).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
    expect(parseRequest({ channel: 'x', type: 'getJobs' })).toMatchObject({ ok: false });
    expect(parseRequest({ channel: CHANNEL, type: 'deleteEverything', payload: {} })).toMatchObject({ ok: false });
    expect(parseRequest({ channel: CHANNEL, type: '__proto__', payload: {} })).toMatchObject({ ok: false });
    const bad = parseRequest({ channel: CHANNEL, type: 'setJobStatus', payload: { jobId: '42', to: 'live', expectedVersion: 1 } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-message', message: expect.stringContaining('to') } });
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

  it('never throws classifying arbitrary senders (property)', () => {
    const sender = fc.record(
      {
        id: fc.oneof(fc.constant('ourext'), fc.string()),
        url: fc.oneof(fc.webUrl(), fc.string(), fc.constant('chrome-extension://ourext/popup.html')),
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
