import fc from 'fast-check';
import { refusalReason } from '../../../lib/core/reasons';
import { describe, expect, it } from 'vitest';
import {
  JOB_STATUSES,
  SALES_METHODS,
  TRANSITIONS,
  allowedTransitions,
  findRule,
  isTransitionAllowed,
  transitionRefusal,
  type JobStatus,
  type SalesMethod,
  type TransitionRefusal,
} from '../../../lib/core';
import { accountArbitrary, jobArbitrary } from './arbitraries';

/**
 * The expected outcome of every (from, to, sales method, prepay feature) combination, written
 * out from DESIGN.md §2 without reading lib/core/transitions.ts. `ok` = allowed; otherwise
 * the refusal code. Columns: proofing, prepay, prepay_plus; each "feature off / feature on".
 */
type Outcome = 'ok' | TransitionRefusal['code'];
type Row = readonly [off: Outcome, on: Outcome];
type Cell = Readonly<Record<SalesMethod, Row>>;

const all = (outcome: Outcome): Cell => ({
  proofing: [outcome, outcome],
  prepay: [outcome, outcome],
  prepay_plus: [outcome, outcome],
});

const EXPECTED: Readonly<Record<JobStatus, Readonly<Record<JobStatus, Cell>>>> = {
  planning: {
    planning: all('same-status'),
    prepay: {
      proofing: ['prepay-feature-off', 'sales-method-not-prepay'],
      prepay: ['prepay-feature-off', 'ok'],
      prepay_plus: ['prepay-feature-off', 'ok'],
    },
    selling: all('ok'),
    archived: all('ok'),
  },
  prepay: {
    planning: all('ok'),
    prepay: all('same-status'),
    selling: all('ok'),
    archived: all('ok'),
  },
  selling: {
    planning: all('ok'),
    prepay: all('not-in-table'),
    selling: all('same-status'),
    archived: all('ok'),
  },
  archived: {
    planning: all('ok'),
    prepay: all('not-in-table'),
    selling: all('ok'),
    archived: all('same-status'),
  },
};

const cases = JOB_STATUSES.flatMap((from) =>
  JOB_STATUSES.flatMap((to) =>
    SALES_METHODS.flatMap((salesMethod) =>
      [false, true].map((prepay) => ({
        from,
        to,
        salesMethod,
        prepay,
        expected: EXPECTED[from][to][salesMethod][prepay ? 1 : 0],
      })),
    ),
  ),
);

describe('transition table', () => {
  it('enumerates all 4 × 4 × 3 × 2 combinations', () => {
    expect(cases).toHaveLength(96);
  });

  it.each(cases)(
    '$from → $to, sales method $salesMethod, prepay feature $prepay: $expected',
    ({ from, to, salesMethod, prepay, expected }) => {
      const job = { status: from, salesMethod };
      const account = { features: { prepay } };
      const refusal = transitionRefusal(job, account, to);
      expect(refusal?.code ?? 'ok').toBe(expected);
      expect(isTransitionAllowed(job, account, to)).toBe(expected === 'ok');
      expect(allowedTransitions(job, account).includes(to)).toBe(expected === 'ok');
    },
  );

  it('refusals carry the facts their message needs', () => {
    const account = { features: { prepay: true } };
    expect(transitionRefusal({ status: 'selling', salesMethod: 'proofing' }, account, 'selling')).toEqual({
      code: 'same-status',
      status: 'selling',
    });
    expect(transitionRefusal({ status: 'archived', salesMethod: 'prepay' }, account, 'prepay')).toEqual({
      code: 'not-in-table',
      from: 'archived',
      to: 'prepay',
    });
    expect(transitionRefusal({ status: 'planning', salesMethod: 'proofing' }, account, 'prepay')).toEqual({
      code: 'sales-method-not-prepay',
      salesMethod: 'proofing',
    });
  });

  it('checks the account feature before the sales method', () => {
    const refusal = transitionRefusal({ status: 'planning', salesMethod: 'proofing' }, { features: { prepay: false } }, 'prepay');
    expect(refusal).toEqual({ code: 'prepay-feature-off' });
  });

  it('lists allowed targets in the admin menu order of the table', () => {
    const account = { features: { prepay: true } };
    expect(allowedTransitions({ status: 'planning', salesMethod: 'prepay' }, account)).toEqual([
      'prepay',
      'selling',
      'archived',
    ]);
    expect(allowedTransitions({ status: 'planning', salesMethod: 'proofing' }, account)).toEqual(['selling', 'archived']);
    expect(allowedTransitions({ status: 'prepay', salesMethod: 'prepay' }, account)).toEqual([
      'planning',
      'selling',
      'archived',
    ]);
    expect(allowedTransitions({ status: 'selling', salesMethod: 'prepay' }, account)).toEqual(['planning', 'archived']);
    expect(allowedTransitions({ status: 'archived', salesMethod: 'prepay' }, account)).toEqual(['planning', 'selling']);
  });

  it('shows the go-live checklist on every switch to selling and the prepay checklist on a switch to prepay', () => {
    for (const rule of TRANSITIONS) {
      const expected = rule.to === 'selling' ? 'go-live' : rule.to === 'prepay' ? 'prepay' : undefined;
      expect(rule.checklist, `${rule.from} → ${rule.to}`).toBe(expected);
    }
  });

  it('marks archived → selling, and only it, as a reactivation', () => {
    expect(TRANSITIONS.filter((rule) => rule.reactivation).map((rule) => [rule.from, rule.to])).toEqual([
      ['archived', 'selling'],
    ]);
  });

  it('holds each (from, to) pair once and never a same-status rule', () => {
    const pairs = TRANSITIONS.map((rule) => `${rule.from}>${rule.to}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(TRANSITIONS.some((rule) => rule.from === rule.to)).toBe(false);
    expect(findRule('selling', 'prepay')).toBeUndefined();
    expect(findRule('planning', 'prepay')?.requires).toBe('prepay');
  });

  it('turns every refusal into a reason code with its params, never a sentence', () => {
    const refusals: TransitionRefusal[] = [
      { code: 'same-status', status: 'selling' },
      { code: 'not-in-table', from: 'selling', to: 'prepay' },
      { code: 'prepay-feature-off' },
      { code: 'sales-method-not-prepay', salesMethod: 'proofing' },
    ];
    expect(refusals.map(refusalReason)).toEqual([
      { code: 'same-status', params: { status: 'selling' } },
      { code: 'not-in-table', params: { from: 'selling', to: 'prepay' } },
      { code: 'prepay-feature-off' },
      { code: 'sales-method-not-prepay', params: { salesMethod: 'proofing' } },
    ]);
  });

  it('property: allowedTransitions is exactly the targets without a refusal', () => {
    fc.assert(
      fc.property(jobArbitrary, accountArbitrary, (job, account) => {
        const allowed = allowedTransitions(job, account);
        for (const to of JOB_STATUSES) {
          expect(allowed.includes(to)).toBe(transitionRefusal(job, account, to) === null);
        }
        expect(allowed).not.toContain(job.status);
      }),
    );
  });
});
