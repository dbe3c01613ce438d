import type { AdminApi } from '../admin-api/port';
import type { BackgroundApp } from '../background/app';
import type { BulkRecord } from '../cache';
import { splitPartition } from './journal';

/**
 * Whether the admin site is signed in as the account a bulk belongs to. Another account signing
 * in on the same site must never receive the rest of a bulk (its requests would fail as 404, or
 * worse): the queue asks here before each batch and after a 404, and waits while the answer is
 * "another account". Signed out and offline are not this guard's business (the queue handles them).
 */
export interface AccountGuard {
  /** True when the site is known to be signed in as another account than `record`'s. */
  otherAccount(record: BulkRecord, origin: string): Promise<boolean>;
  /** Cheap: whether the background already saw another account on this origin (no request). */
  seenOtherAccount(record: BulkRecord, origin: string): Promise<boolean>;
}

const CONFIRMED_FOR_MS = 10_000;

export function createAccountGuard(deps: { app: Pick<BackgroundApp, 'current'>; api(origin: string): AdminApi; signal: AbortSignal }): AccountGuard {
  /** One session request at a time per bulk: four 404s arriving together ask once. */
  const asking = new Map<string, Promise<boolean>>();
  /** A bulk whose account the site just confirmed is not asked again for a while. */
  const confirmedUntil = new Map<string, number>();
  return {
    otherAccount(record, origin) {
      if ((confirmedUntil.get(record.id) ?? 0) > Date.now()) return Promise.resolve(false);
      let answer = asking.get(record.id);
      if (!answer) {
        const expected = splitPartition(record.partition).accountId;
        answer = deps
          .api(origin)
          .getSession({ signal: deps.signal })
          .then(
            (session) => {
              const other = session.account.id !== expected;
              if (!other) confirmedUntil.set(record.id, Date.now() + CONFIRMED_FOR_MS);
              return other;
            },
            () => false,
          )
          .finally(() => asking.delete(record.id));
        asking.set(record.id, answer);
      }
      return answer;
    },
    async seenOtherAccount(record, origin) {
      const here = await deps.app.current();
      return here.origin === origin && here.partition !== null && here.partition !== record.partition;
    },
  };
}
