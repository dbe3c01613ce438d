/**
 * A real background app in Node: the sandbox in-process over real HTTP, fake-indexeddb for the
 * cache, an in-memory settings store, and spies for broadcasts and the badge.
 */
import type { FirstScreenStorage } from '../../../lib/background/first-screen';
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { vi } from 'vitest';
import { createHttpAdminApi } from '../../../lib/admin-api/http';
import type { AdminApi } from '../../../lib/admin-api/port';
import { openJobCache, type JobCache } from '../../../lib/cache';
import type { Job } from '../../../lib/core/types';
import type { BroadcastEvent } from '../../../lib/messaging/protocol';
import { applySettingsPatch, defaultSettings, type Settings } from '../../../lib/settings/settings';
import { createBackgroundApp, type BackgroundApp } from '../../../lib/background/app';
import type { BadgeLook } from '../../../lib/background/badge';
import { login, sessionFetch } from '../../../sandbox/client-helpers';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../sandbox/server';

export interface TestBackground {
  sandbox: RunningSandbox;
  app: BackgroundApp;
  cache: JobCache;
  settings: { current: Settings };
  broadcasts: BroadcastEvent[];
  badges: BadgeLook[];
  /** Replaces the browser session: later API calls carry this account's cookie (or none). */
  signIn(account: 'demo' | 'other' | null): Promise<void>;
  api(origin: string): AdminApi;
  faults(faults: Record<string, unknown>): Promise<void>;
  serverJobs(account?: 'demo' | 'other'): Promise<Job[]>;
  close(): Promise<void>;
}

const LOGINS = { demo: ['demo@example.com', 'demo'], other: ['other@example.com', 'other'] } as const;

export async function createTestBackground(
  opts: SandboxOptions & { timeoutMs?: number; now?: () => Date; firstScreen?: FirstScreenStorage } = {},
): Promise<TestBackground> {
  const sandbox = await startSandbox({ jobs: 60, seed: 7, testControls: true, ...opts, port: 0 });
  let cookie: string | null = await login(sandbox.url, ...LOGINS.demo);
  const cache = await openJobCache({ idbFactory: new IDBFactory(), name: `bg-${Math.random()}` });
  const settings = { current: applySettingsPatch(defaultSettings(), { adminOrigin: sandbox.url }) };
  const broadcasts: BroadcastEvent[] = [];
  const badges: BadgeLook[] = [];
  const cookieFetch: typeof fetch = (input, init) => (cookie ? sessionFetch(cookie)(input, init) : fetch(input, init));
  const apis = new Map<string, AdminApi>();
  const api = (origin: string) => {
    let client = apis.get(origin);
    if (!client) {
      client = createHttpAdminApi({ origin, fetch: cookieFetch, timeoutMs: opts.timeoutMs ?? 2000, backoff: { baseMs: 5, capMs: 50 } });
      apis.set(origin, client);
    }
    return client;
  };
  const app = createBackgroundApp({
    cache: async () => cache,
    api,
    now: opts.now ?? (() => new Date()),
    settings: {
      load: async () => settings.current,
      save: async (patch) => (settings.current = applySettingsPatch(settings.current, patch)),
    },
    broadcast: (event) => broadcasts.push(event),
    showBadge: vi.fn(async (look: BadgeLook) => {
      badges.push(look);
    }),
    ...(opts.firstScreen ? { firstScreen: opts.firstScreen } : {}),
  });
  return {
    sandbox,
    app,
    cache,
    settings,
    broadcasts,
    badges,
    api,
    async signIn(account) {
      cookie = account ? await login(sandbox.url, LOGINS[account][0], LOGINS[account][1]) : null;
      for (const client of apis.values()) (client as { forgetSession?: () => void }).forgetSession?.();
    },
    async faults(faults) {
      const res = await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
      if (!res.ok) throw new Error(`faults: HTTP ${res.status}`);
    },
    async serverJobs(account = 'demo') {
      const res = await fetch(`${sandbox.url}/__sandbox/jobs?account=${account}`);
      const body = (await res.json()) as { jobs: Job[] } | Job[];
      return Array.isArray(body) ? body : body.jobs;
    },
    async close() {
      cache.close();
      await sandbox.close();
    },
  };
}
