import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  JOB_STATUSES,
  allowedTransitions,
  campaignEmailNotice,
  planBulk,
  transitionRefusal,
  undoPlan,
  type BulkChangeResult,
  type Job,
} from '../../../lib/core';
import { accountArbitrary, jobArbitrary, nowArbitrary, settingsArbitrary } from './arbitraries';
import { BASE_NOW, makeAccount, makeJob } from './factories';

const account = makeAccount();
const prepayAccount = makeAccount({ features: { prepay: true } });
const now = BASE_NOW;

describe('planBulk', () => {
  it('plans a change for each allowed job, with a clean critical list when complete', () => {
    const plan = planBulk([makeJob({ id: 'a', version: 7 })], 'selling', account, now);
    expect(plan).toEqual({
      target: 'selling',
      entries: [
        { jobId: 'a', outcome: 'change', from: 'planning', to: 'selling', version: 7, criticalMissing: [], campaignEmails: true },
      ],
      willChange: 1,
      withCritical: 0,
      skipped: 0,
      campaignEmails: 1,
    });
  });

  it('lists the failing critical go-live items of jobs going to selling', () => {
    const plan = planBulk([makeJob({ id: 'a', priceList: null, photos: { uploaded: 0 } })], 'selling', account, now);
    expect(plan.entries[0]).toMatchObject({ outcome: 'change', criticalMissing: ['price-list', 'photos'] });
    expect(plan.withCritical).toBe(1);
  });

  it('lists the failing critical prepay items of jobs going to prepay', () => {
    const job = makeJob({ id: 'a', salesMethod: 'prepay', prepayDeadline: null });
    const plan = planBulk([job], 'prepay', prepayAccount, now);
    expect(plan.entries[0]).toMatchObject({ outcome: 'change', criticalMissing: ['prepay-deadline'], campaignEmails: false });
  });

  it('never lists critical items for targets without a checklist', () => {
    const job = makeJob({ id: 'a', status: 'selling', priceList: null, photos: { uploaded: 0 } });
    for (const target of ['planning', 'archived'] as const) {
      const plan = planBulk([job], target, account, now);
      expect(plan.entries[0]).toMatchObject({ outcome: 'change', criticalMissing: [] });
      expect(plan.withCritical).toBe(0);
    }
  });

  it('applies the severity settings to the critical list', () => {
    const job = makeJob({ id: 'a', priceList: null });
    const plan = planBulk([job], 'selling', account, now, { 'price-list': 'hidden' });
    expect(plan.entries[0]).toMatchObject({ criticalMissing: [] });
  });

  it('skips jobs already in the target status, and jobs the table refuses, with the reason', () => {
    const jobs = [
      makeJob({ id: 'same', status: 'selling' }),
      makeJob({ id: 'table', status: 'selling' }),
      makeJob({ id: 'method', status: 'planning', salesMethod: 'proofing' }),
      makeJob({ id: 'ok', status: 'planning', salesMethod: 'prepay_plus' }),
    ];
    expect(planBulk(jobs.slice(0, 1), 'selling', account, now).entries).toEqual([
      { jobId: 'same', outcome: 'skip', reason: { code: 'same-status', status: 'selling' } },
    ]);
    const plan = planBulk(jobs.slice(1), 'prepay', prepayAccount, now);
    expect(plan.entries.map((entry) => (entry.outcome === 'skip' ? entry.reason : entry.outcome))).toEqual([
      { code: 'not-in-table', from: 'selling', to: 'prepay' },
      { code: 'sales-method-not-prepay', salesMethod: 'proofing' },
      'change',
    ]);
    expect(plan).toMatchObject({ willChange: 1, skipped: 2 });
  });

  it('skips every prepay switch when the account lacks the feature', () => {
    const plan = planBulk([makeJob({ id: 'a', salesMethod: 'prepay' })], 'prepay', account, now);
    expect(plan.entries).toEqual([{ jobId: 'a', outcome: 'skip', reason: { code: 'prepay-feature-off' } }]);
  });

  it('counts campaign emails only for planning/prepay jobs with a campaign going to selling', () => {
    const campaign = { id: 'c', name: 'C' };
    const jobs = [
      makeJob({ id: 'p', status: 'planning', automatedCampaign: campaign }),
      makeJob({ id: 'pp', status: 'prepay', automatedCampaign: campaign }),
      makeJob({ id: 'r', status: 'archived', automatedCampaign: campaign }),
      makeJob({ id: 'none', status: 'planning', automatedCampaign: null }),
      makeJob({ id: 's', status: 'selling', automatedCampaign: campaign }),
    ];
    const plan = planBulk(jobs, 'selling', account, now);
    expect(plan).toMatchObject({ willChange: 4, skipped: 1, campaignEmails: 2 });
    expect(plan.entries.filter((e) => e.outcome === 'change' && e.campaignEmails).map((e) => e.jobId)).toEqual(['p', 'pp']);
  });

  it('plans a job listed twice once', () => {
    const job = makeJob({ id: 'a' });
    const plan = planBulk([job, makeJob({ id: 'b' }), { ...job }], 'archived', account, now);
    expect(plan.entries.map((entry) => entry.jobId)).toEqual(['a', 'b']);
    expect(plan.willChange).toBe(2);
  });

  it('plans nothing for no jobs', () => {
    expect(planBulk([], 'archived', account, now)).toEqual({
      target: 'archived',
      entries: [],
      willChange: 0,
      withCritical: 0,
      skipped: 0,
      campaignEmails: 0,
    });
  });
});

describe('undoPlan', () => {
  const changedToSelling = (id: string, from: Job['status'] = 'planning'): BulkChangeResult => ({ jobId: id, from, to: 'selling' });

  it('plans the reverse transition for jobs still in the bulk target', () => {
    const current = [makeJob({ id: 'a', status: 'selling', version: 3 })];
    expect(undoPlan([changedToSelling('a')], current, account, now)).toEqual({
      entries: [{ jobId: 'a', outcome: 'change', from: 'selling', to: 'planning', version: 3, criticalMissing: [], campaignEmails: false }],
      willChange: 1,
      withCritical: 0,
      skipped: 0,
      campaignEmails: 0,
    });
  });

  it('skips a job whose status moved on since the bulk', () => {
    const current = [makeJob({ id: 'a', status: 'archived' })];
    expect(undoPlan([changedToSelling('a')], current, account, now).entries).toEqual([
      { jobId: 'a', outcome: 'skip', reason: { code: 'status-changed', expected: 'selling', actual: 'archived' } },
    ]);
  });

  it('skips a job that no longer exists', () => {
    expect(undoPlan([changedToSelling('gone')], [], account, now).entries).toEqual([
      { jobId: 'gone', outcome: 'skip', reason: { code: 'job-not-found' } },
    ]);
  });

  it('skips a reverse transition the table refuses (selling → prepay never is allowed)', () => {
    const current = [makeJob({ id: 'a', status: 'selling', salesMethod: 'prepay' })];
    expect(undoPlan([changedToSelling('a', 'prepay')], current, prepayAccount, now).entries).toEqual([
      { jobId: 'a', outcome: 'skip', reason: { code: 'not-in-table', from: 'selling', to: 'prepay' } },
    ]);
  });

  it('skips an undo back to prepay when the account has lost the feature', () => {
    const current = [makeJob({ id: 'a', status: 'planning', salesMethod: 'prepay' })];
    const results: BulkChangeResult[] = [{ jobId: 'a', from: 'prepay', to: 'planning' }];
    expect(undoPlan(results, current, account, now).entries[0]).toMatchObject({
      outcome: 'skip',
      reason: { code: 'prepay-feature-off' },
    });
    expect(undoPlan(results, current, prepayAccount, now).entries[0]).toMatchObject({ outcome: 'change', to: 'prepay' });
  });

  it('going back to selling shows the checklist and may send campaign emails like any switch', () => {
    const current = [makeJob({ id: 'a', status: 'planning', priceList: null })];
    const plan = undoPlan([{ jobId: 'a', from: 'selling', to: 'planning' }], current, account, now);
    expect(plan.entries[0]).toMatchObject({ outcome: 'change', to: 'selling', criticalMissing: ['price-list'], campaignEmails: true });
    expect(plan).toMatchObject({ withCritical: 1, campaignEmails: 1 });
  });

  it('undoing an archive reactivates the job, without campaign emails', () => {
    const current = [makeJob({ id: 'a', status: 'archived', archiving: { deadline: '2025-06-01' } })];
    const plan = undoPlan([{ jobId: 'a', from: 'selling', to: 'archived' }], current, account, now);
    expect(plan.entries[0]).toMatchObject({ outcome: 'change', to: 'selling', criticalMissing: ['archive-deadline-future'], campaignEmails: false });
  });

  it('plans each job once even if reported twice', () => {
    const current = [makeJob({ id: 'a', status: 'selling' })];
    expect(undoPlan([changedToSelling('a'), changedToSelling('a')], current, account, now).entries).toHaveLength(1);
  });
});

describe('properties', () => {
  it('planBulk never plans a transition that allowedTransitions refuses, and skips only refused ones', () => {
    fc.assert(
      fc.property(
        fc.array(jobArbitrary, { maxLength: 30 }),
        fc.constantFrom(...JOB_STATUSES),
        accountArbitrary,
        nowArbitrary,
        fc.option(settingsArbitrary, { nil: undefined }),
        (jobs, target, acc, at, settings) => {
          const plan = planBulk(jobs, target, acc, at, settings);
          const byId = new Map<string, Job>();
          for (const job of jobs) if (!byId.has(job.id)) byId.set(job.id, job);
          expect(plan.entries.map((entry) => entry.jobId)).toEqual([...byId.keys()]);
          for (const entry of plan.entries) {
            const job = byId.get(entry.jobId)!;
            if (entry.outcome === 'change') {
              expect(allowedTransitions(job, acc)).toContain(target);
              expect(entry).toMatchObject({ from: job.status, to: target, version: job.version });
              expect(entry.campaignEmails).toBe(campaignEmailNotice(job, target));
              if (target === 'planning' || target === 'archived') expect(entry.criticalMissing).toEqual([]);
            } else {
              expect(allowedTransitions(job, acc)).not.toContain(target);
              expect(entry.reason).toEqual(transitionRefusal(job, acc, target));
            }
          }
          expect(plan.willChange + plan.skipped).toBe(plan.entries.length);
          expect(plan.withCritical).toBeLessThanOrEqual(plan.willChange);
          expect(plan.campaignEmails).toBeLessThanOrEqual(plan.willChange);
        },
      ),
    );
  });

  it('undoing a bulk right after it plans every allowed reverse transition and nothing else', () => {
    fc.assert(
      fc.property(fc.array(jobArbitrary, { maxLength: 20 }), fc.constantFrom(...JOB_STATUSES), accountArbitrary, nowArbitrary, (jobs, target, acc, at) => {
        const plan = planBulk(jobs, target, acc, at);
        const results: BulkChangeResult[] = [];
        const after: Job[] = [];
        for (const entry of plan.entries) {
          const job = jobs.find((j) => j.id === entry.jobId)!;
          if (entry.outcome === 'change') {
            results.push({ jobId: job.id, from: entry.from, to: entry.to });
            after.push({ ...job, status: entry.to, version: job.version + 1 });
          } else after.push(job);
        }
        const undo = undoPlan(results, after, acc, at);
        expect(undo.entries).toHaveLength(results.length);
        for (const [i, entry] of undo.entries.entries()) {
          const result = results[i]!;
          const job = after.find((j) => j.id === result.jobId)!;
          if (entry.outcome === 'change') {
            expect(entry).toMatchObject({ from: result.to, to: result.from, version: job.version });
            expect(allowedTransitions(job, acc)).toContain(result.from);
          } else {
            expect(entry.reason).toEqual(transitionRefusal(job, acc, result.from));
          }
        }
      }),
    );
  });
});
