import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPacer, type PacedSend, type Pacer, type PacerOptions } from '../../../lib/admin-api/pacer';

const WINDOW = 1000;

/** A server that counts arrivals in fixed windows (as sandbox/state.ts does), at any phase. */
interface Server {
  /** Requests per window; Infinity for none. */
  limit: number | ((at: number) => number);
  phase: number;
}

interface Trip {
  /** Milliseconds to the server and back; at least 1 each. */
  go: number;
  back: number;
}

interface SentRecord {
  at: number;
  arrival: number;
  answeredAt: number;
  refused: boolean;
  /** The pacer's allowance when it let the request go; null before any 429. */
  allowance: number | null;
}

interface Run {
  sends: SentRecord[];
  refusals: { at: number; retryAfterMs: number }[];
  /** room() at every send, in order. */
  rooms: number[];
  finishedAt: number;
  pacer: Pacer;
}

/**
 * A client like the bulk engine: `jobs` requests, at most `concurrency` in flight, each sent as
 * soon as the pacer has room, a refused one sent again. Event-driven in whole milliseconds.
 */
function simulate(opts: { jobs: number; concurrency: number; server: Server; trip: (n: number) => Trip; pacing?: PacerOptions; maxMs?: number }): Run {
  const pacer = createPacer(opts.pacing);
  const limitAt = typeof opts.server.limit === 'function' ? opts.server.limit : () => opts.server.limit as number;
  const counts = new Map<number, number>();
  type Flight = { paced: PacedSend; record: SentRecord; arrived: boolean };
  const flights: Flight[] = [];
  const run: Run = { sends: [], refusals: [], rooms: [], finishedAt: 0, pacer };
  let pending = opts.jobs;
  let done = 0;
  let t = 0;
  const maxMs = opts.maxMs ?? 600_000;
  while (done < opts.jobs && t <= maxMs) {
    // The server, in order of arrival.
    for (const flight of flights.filter((f) => !f.arrived && f.record.arrival === t)) {
      flight.arrived = true;
      const window = Math.floor((t - opts.server.phase) / WINDOW);
      const count = (counts.get(window) ?? 0) + 1;
      counts.set(window, count);
      flight.record.refused = count > limitAt(t);
    }
    // Answers.
    for (const flight of flights.filter((f) => f.record.answeredAt === t)) {
      flights.splice(flights.indexOf(flight), 1);
      if (flight.record.refused) {
        const windowEnd = (Math.floor((flight.record.arrival - opts.server.phase) / WINDOW) + 1) * WINDOW + opts.server.phase;
        const retryAfterMs = Math.max(1, Math.ceil((windowEnd - flight.record.arrival) / 1000)) * 1000;
        pacer.refused(flight.paced, t, retryAfterMs);
        run.refusals.push({ at: t, retryAfterMs });
        pending++;
      } else {
        pacer.answered(flight.paced, t);
        done++;
      }
    }
    // Sends.
    while (pending > 0 && flights.length < opts.concurrency) {
      const room = pacer.room(t);
      if (room <= 0) break;
      run.rooms.push(room);
      const trip = opts.trip(run.sends.length);
      const record: SentRecord = {
        at: t,
        arrival: t + Math.max(1, trip.go),
        answeredAt: t + Math.max(1, trip.go) + Math.max(1, trip.back),
        refused: false,
        allowance: pacer.allowance,
      };
      run.sends.push(record);
      flights.push({ paced: pacer.sent(t), record, arrived: false });
      pending--;
    }
    if (done === opts.jobs) break;
    const next = [
      ...flights.map((f) => (f.arrived ? f.record.answeredAt : f.record.arrival)),
      pending > 0 && flights.length < opts.concurrency ? t + Math.max(1, pacer.delay(t)) : Infinity,
    ];
    t = Math.min(...next);
  }
  run.finishedAt = t;
  return run;
}

const trips = fc.record({ go: fc.integer({ min: 1, max: 40 }), back: fc.integer({ min: 1, max: 40 }) });
/** Latencies per request, from a list the property shrinks. */
const tripList = fc.array(trips, { minLength: 1, maxLength: 50 });
const cycle = (list: Trip[]) => (n: number) => list[n % list.length] as Trip;

describe('pacer before any 429', () => {
  it('never holds a request back, whatever was sent and answered', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(50), fc.boolean()), { maxLength: 200 }), (steps) => {
        const pacer = createPacer();
        let now = 0;
        const open: PacedSend[] = [];
        for (const [advance, answer] of steps) {
          now += advance;
          expect(pacer.room(now)).toBe(Infinity);
          expect(pacer.delay(now)).toBe(0);
          if (answer && open.length > 0) pacer.answered(open.shift() as PacedSend, now);
          else open.push(pacer.sent(now));
        }
        expect(pacer.allowance).toBeNull();
      }),
    );
  });

  it('lets a client without a rate limit send as fast as its concurrency allows', () => {
    const run = simulate({ jobs: 300, concurrency: 4, server: { limit: Infinity, phase: 0 }, trip: () => ({ go: 2, back: 2 }) });
    expect(run.refusals).toEqual([]);
    expect(run.rooms.every((room) => room === Infinity)).toBe(true);
    // 75 rounds of 4 requests, 4 ms each.
    expect(run.finishedAt).toBe(300);
  });
});

describe('pacer learning from a 429', () => {
  it('takes the requests the server counted before the refused one in its window as the allowance', () => {
    const pacer = createPacer();
    // Long before: outside the window, does not count.
    pacer.answered(pacer.sent(0), 5);
    const sends = Array.from({ length: 20 }, (_, i) => pacer.sent(2000 + i * 5));
    sends.forEach((send, i) => pacer.answered(send, 2003 + i * 5));
    const refused = pacer.sent(2100);
    const alsoInFlight = pacer.sent(2101);
    pacer.refused(refused, 2104, 1000);
    expect(pacer.allowance).toBe(20);
    // Sent before the refusal came: refused for the same reason, teaches nothing more.
    pacer.refused(alsoInFlight, 2105, 1000);
    expect(pacer.allowance).toBe(20);
  });

  it('never sends before Retry-After has passed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 30_000 }), fc.nat(40_000), (before, retryAfterMs, probe) => {
        const pacer = createPacer();
        for (let i = 0; i < before; i++) pacer.answered(pacer.sent(i), i + 1);
        pacer.refused(pacer.sent(10), 20, retryAfterMs);
        const at = 20 + probe;
        if (probe < retryAfterMs) {
          expect(pacer.room(at)).toBe(0);
          expect(pacer.delay(at)).toBe(retryAfterMs - probe);
        } else {
          // Only the allowance can hold a request back now, for a window at most.
          expect(pacer.delay(at)).toBeLessThanOrEqual(WINDOW + 5);
        }
        expect(pacer.notBefore).toBe(20 + retryAfterMs);
      }),
    );
  });

  it('counts a request until a window after its answer, and one in flight until it is answered', () => {
    const pacer = createPacer({ marginMs: 5 });
    const first = pacer.sent(0);
    pacer.answered(first, 10);
    pacer.refused(pacer.sent(20), 30, 1);
    expect(pacer.allowance).toBe(1);
    expect(pacer.room(1014)).toBe(0);
    expect(pacer.delay(1014)).toBe(1);
    expect(pacer.room(1015)).toBe(1);
    const slow = pacer.sent(1015);
    expect(pacer.room(1015)).toBe(0);
    // Still in flight: no sooner than a window after now.
    expect(pacer.delay(3000)).toBe(1005);
    pacer.answered(slow, 3000);
    expect(pacer.delay(3000)).toBe(1005);
    expect(pacer.room(4005)).toBe(1);
  });

  it('steps back by one on a refusal on its own, and to the count on a refusal a window later', () => {
    const pacer = createPacer({ probeAfterMs: 10_000 });
    const burst = (at: number, n: number) => {
      for (let i = 0; i < n; i++) pacer.answered(pacer.sent(at + i), at + i + 2);
    };
    burst(0, 12);
    pacer.refused(pacer.sent(20), 22, 1000);
    expect(pacer.allowance).toBe(12);
    // The next window takes only 8 of them: the allowance follows the server's count.
    burst(1100, 8);
    pacer.refused(pacer.sent(1120), 1122, 1000);
    expect(pacer.allowance).toBe(8);
    // Much later, a refusal on its own (a probe, the session's other requests): one step back.
    burst(30_000, 3);
    pacer.refused(pacer.sent(30_010), 30_012, 1000);
    expect(pacer.allowance).toBe(7);
  });

  it('never takes the allowance below one', () => {
    const pacer = createPacer();
    pacer.refused(pacer.sent(0), 1, 1000);
    expect(pacer.allowance).toBe(1);
    pacer.refused(pacer.sent(1001), 1002, 1000);
    expect(pacer.allowance).toBe(1);
    expect(pacer.room(2002)).toBe(1);
  });
});

describe('pacer probing', () => {
  it('tries one more request per window after a while at full use, doubling while the server takes them', () => {
    const pacer = createPacer({ probeAfterMs: 5000, marginMs: 0 });
    for (let i = 0; i < 10; i++) pacer.answered(pacer.sent(i), i + 1);
    pacer.refused(pacer.sent(10), 11, 1000);
    expect(pacer.allowance).toBe(10);
    const allowances: number[] = [];
    // Each window uses up what room there is, answered at once; the server now takes anything.
    for (let window = 1; window <= 12; window++) {
      const at = window * 1000 + 11;
      for (let room = pacer.room(at); room > 0; room = pacer.room(at)) {
        for (let i = 0; i < room; i++) pacer.answered(pacer.sent(at), at);
      }
      allowances.push(pacer.allowance as number);
    }
    expect(allowances).toEqual([10, 10, 10, 10, 11, 13, 17, 25, 41, 73, 137, 265]);
  });

  it('does not raise the allowance while it is not used up', () => {
    const pacer = createPacer({ probeAfterMs: 1000 });
    for (let i = 0; i < 4; i++) pacer.answered(pacer.sent(i), i + 1);
    pacer.refused(pacer.sent(5), 6, 1000);
    expect(pacer.allowance).toBe(4);
    // Three requests a window: never at full use, so never a probe.
    for (let at = 3000; at < 60_000; at += 1100) {
      expect(pacer.room(at)).toBeGreaterThan(0);
      for (let i = 0; i < 3; i++) pacer.answered(pacer.sent(at), at + 1);
    }
    expect(pacer.allowance).toBe(4);
  });

  it('finds a raised limit again', () => {
    const run = simulate({
      jobs: 1200,
      concurrency: 4,
      server: { limit: (at) => (at < 10_000 ? 10 : 30), phase: 300 },
      trip: () => ({ go: 2, back: 2 }),
    });
    expect(run.pacer.allowance).toBeGreaterThanOrEqual(29);
    const late = run.sends.filter((send) => send.at >= 30_000 && send.at < 40_000 && !send.refused);
    expect(late.length).toBeGreaterThanOrEqual(270);
  });
});

describe('pacer against a fixed-window server', () => {
  const scenario = fc.record({
    limit: fc.integer({ min: 1, max: 40 }),
    phase: fc.nat(WINDOW - 1),
    concurrency: fc.integer({ min: 1, max: 8 }),
    trips: tripList,
    start: fc.nat(WINDOW - 1),
  });

  it('never lets more requests than its allowance fall within one window, at any phase and any latency', () => {
    fc.assert(
      fc.property(scenario, ({ limit, phase, concurrency, trips: list }) => {
        const run = simulate({ jobs: limit * 6, concurrency, server: { limit, phase }, trip: cycle(list) });
        // Paced requests the server took: every window's worth, whatever its phase, stays within
        // the allowance the last of them was sent under.
        const paced = run.sends.filter((send) => send.allowance !== null && !send.refused);
        for (const first of paced) {
          const inWindow = paced.filter((send) => send.arrival >= first.arrival && send.arrival < first.arrival + WINDOW);
          const last = inWindow.reduce((a, b) => (b.at >= a.at ? b : a));
          expect(inWindow.length).toBeLessThanOrEqual(last.allowance as number);
        }
      }),
    );
  });

  it('sends nothing before a Retry-After has passed', () => {
    fc.assert(
      fc.property(scenario, ({ limit, phase, concurrency, trips: list }) => {
        const run = simulate({ jobs: limit * 6, concurrency, server: { limit, phase }, trip: cycle(list) });
        for (const send of run.sends) {
          for (const refusal of run.refusals) {
            if (refusal.at <= send.at) expect(send.at).toBeGreaterThanOrEqual(refusal.at + refusal.retryAfterMs);
          }
        }
      }),
    );
  });

  it('learns the limit from the first refusals and then stays under it, near its full rate', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.record({ go: fc.integer({ min: 1, max: 5 }), back: fc.integer({ min: 1, max: 5 }) }),
        ({ limit, phase, concurrency, start }, trip) => {
          const jobs = limit * 25;
          const run = simulate({
            jobs,
            concurrency: Math.max(concurrency, 4),
            server: { limit, phase: (phase + start) % WINDOW },
            trip: () => trip,
            pacing: { probeAfterMs: Infinity },
          });
          expect(run.pacer.allowance).toBe(limit);
          // The first burst, plus at most one correction when it straddled two windows.
          expect(run.refusals.length).toBeLessThanOrEqual(2 * Math.max(concurrency, 4));
          // 25 windows' worth at the limit, each request counted a window and a margin after its answer.
          const ideal = (jobs / limit) * (WINDOW + 5 + trip.go + trip.back);
          expect(run.finishedAt).toBeLessThanOrEqual(ideal + 2 * WINDOW);
        },
      ),
    );
  });
});
