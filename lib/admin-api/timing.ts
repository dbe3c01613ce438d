/**
 * The admin client's waiting: sleeps that stop on abort, Retry-After, full-jitter backoff, and
 * racing a promise against a caller's signal. Timers only; http.ts and the bulk queue use it.
 */

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  // Aborted, the sleep rejects at once; its timer still runs out, resolving what nobody awaits.
  return raceAbort(new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms))), signal);
}

/**
 * Retry-After as milliseconds from `nowMs`: delta-seconds or an HTTP date. Null when absent or
 * unusable, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value == null) return null;
  const trimmed = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) {
    const ms = Math.round(Number(trimmed) * 1000);
    return Number.isFinite(ms) ? ms : null;
  }
  // Date.parse accepts bare numbers like "-1"; an HTTP date always contains a month or day name.
  if (!/[a-z]/i.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** Full-jitter exponential backoff after the `failures`-th failed attempt (1-based). */
export function backoffDelay(failures: number, backoff: { baseMs: number; capMs: number }, random: () => number): number {
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.floor(random() * ceiling);
}

export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
