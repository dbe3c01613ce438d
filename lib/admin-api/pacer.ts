/**
 * Client-side pacing under the admin site's rate limit (DESIGN.md §3: 429 with Retry-After; §5: a
 * bulk at ≥ 90 % of the limit). Pure: the caller passes the time in.
 *
 * Until the server first refuses, nothing is held back. A 429 then tells how many requests a
 * window takes: those sent before the refused one that the server may have counted in the same
 * window. From then on no more than that many may fall within any window, whatever the phase of
 * the server's windows: a request counts from when it leaves until a window (plus a small margin)
 * after its answer, since the server counted it somewhere in between. That is the tightest
 * schedule that is safe for every window phase and every network delay. Requests still go out as
 * fast as room allows, so a pause for a whole-second Retry-After mostly overlaps time the pacer
 * would have waited anyway. After `probeAfterMs` at full use without a 429, one more request per
 * window is tried, doubling while the server keeps taking them, so a raised limit is found again.
 */

export interface PacerOptions {
  /** The server's rate window. Default 1000: the admin site and the sandbox count per second. */
  windowMs?: number;
  /** Added to the window a request counts for, against rounding of the clocks. Default 5. */
  marginMs?: number;
  /** Time at full use of the allowance, without a 429, before a higher one is tried. Default 5000. */
  probeAfterMs?: number;
}

/** One request as the pacer saw it leave; hand it back with its answer. */
export interface PacedSend {
  readonly at: number;
}

export interface Pacer {
  /** How many requests may leave at `now`: Infinity before any 429. At full use it may try a higher allowance. */
  room(now: number): number;
  /** Milliseconds from `now` before a request may leave; exact unless requests in flight are answered meanwhile. */
  delay(now: number): number;
  /** Records a request leaving at `now`. */
  sent(now: number): PacedSend;
  /** Anything but a 429 came back for `send` at `now`, or it ended without an answer. */
  answered(send: PacedSend, now: number): void;
  /** The server answered `send` with 429 at `now`, asking to wait `retryAfterMs`. */
  refused(send: PacedSend, now: number, retryAfterMs: number): void;
  /** Requests per window the server is believed to take; null until the first 429. */
  readonly allowance: number | null;
  /** Nothing may leave before this (the latest Retry-After); -Infinity when there was none. */
  readonly notBefore: number;
}

const DEFAULTS = { windowMs: 1000, marginMs: 5, probeAfterMs: 5000 };

interface Send extends PacedSend {
  /** Its place in the order of sending. */
  seq: number;
  /** When its answer came; null while in flight. */
  answeredAt: number | null;
  refused: boolean;
}

export function createPacer(options: PacerOptions = {}): Pacer {
  const windowMs = options.windowMs ?? DEFAULTS.windowMs;
  const span = windowMs + (options.marginMs ?? DEFAULTS.marginMs);
  const probeAfterMs = options.probeAfterMs ?? DEFAULTS.probeAfterMs;
  // Enough to look a window back from a refused request whose answer took up to a span.
  const keepMs = span + windowMs;

  /** In the order they left; those answered more than `keepMs` ago are dropped. */
  let log: Send[] = [];
  /** Answers before this were dropped from the log: a count reaching further back is unknown. */
  let forgottenBefore = -Infinity;
  let allowance: number | null = null;
  let step = 1;
  let nextProbeAt = Infinity;
  let notBefore = -Infinity;
  let sentCount = 0;
  /** When the last refusal that taught something came. */
  let lastLesson = -Infinity;
  /** Requests sent before that lesson (with a lower `seq`) were already on their way: refused with it, they teach nothing new. */
  let lessonSeq = 0;

  /** Requests that count against a window ending at `now`. */
  function live(now: number): Send[] {
    return log.filter((send) => !send.refused && (send.answeredAt === null || send.answeredAt > now - span));
  }

  function forget(now: number): void {
    const cutoff = now - keepMs;
    let drop = 0;
    while (drop < log.length && ((log[drop] as Send).answeredAt ?? Infinity) <= cutoff) drop++;
    if (drop > 0) {
      log = log.slice(drop);
      forgottenBefore = cutoff;
    }
  }

  /** Requests sent before `send` that the server may have taken in its window: at least its limit. */
  function takenBefore(send: Send): number | null {
    const index = log.indexOf(send);
    if (index < 0 || send.at - windowMs < forgottenBefore) return null;
    let count = 0;
    for (const earlier of log.slice(0, index)) {
      if (!earlier.refused && (earlier.answeredAt ?? Infinity) > send.at - windowMs) count++;
    }
    return count;
  }

  function learn(send: Send, now: number): void {
    if (send.seq < lessonSeq) return;
    const taken = takenBefore(send);
    if (allowance === null) {
      if (taken === null) return;
      allowance = Math.max(1, taken);
    } else if (taken !== null && now - lastLesson <= 2 * span) {
      // Refused again a window later: the allowance is too high, and the count says by how much
      // (a first count is too high when the burst it saw straddled two of the server's windows).
      allowance = Math.max(1, Math.min(allowance - 1, taken));
    } else {
      // A refusal on its own follows a probe, or other requests of the session took part of the
      // window: one step back, the next probe finds out again.
      allowance = Math.max(1, allowance - 1);
    }
    lastLesson = now;
    lessonSeq = sentCount;
    step = 1;
    nextProbeAt = now + probeAfterMs;
  }

  return {
    room(now) {
      if (now < notBefore) return 0;
      if (allowance === null) return Infinity;
      const used = live(now).length;
      if (used >= allowance && now >= nextProbeAt) {
        allowance += step;
        step *= 2;
        // A window for the raised allowance to draw a refusal before it is raised again.
        nextProbeAt = now + span;
      }
      return Math.max(0, allowance - used);
    },

    delay(now) {
      if (now < notBefore) return notBefore - now;
      if (allowance === null) return 0;
      const counted = live(now);
      if (counted.length < allowance) return 0;
      // Room comes as requests stop counting, a span after their answers: for one in flight, a span from now at the earliest.
      const ends = counted.map((send) => send.answeredAt ?? now).sort((a, b) => a - b);
      return (ends[counted.length - allowance] as number) + span - now;
    },

    sent(now) {
      forget(now);
      const send: Send = { at: now, seq: sentCount++, answeredAt: null, refused: false };
      log.push(send);
      return send;
    },

    answered(paced, now) {
      const send = paced as Send;
      send.answeredAt ??= now;
    },

    refused(paced, now, retryAfterMs) {
      const send = paced as Send;
      send.answeredAt ??= now;
      send.refused = true;
      notBefore = Math.max(notBefore, now + retryAfterMs);
      learn(send, now);
    },

    get allowance() {
      return allowance;
    },

    get notBefore() {
      return notBefore;
    },
  };
}
