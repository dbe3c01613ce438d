import { openSession } from '../../sandbox/client-helpers';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../sandbox/server';
import type { Job, JobStatus } from '../../lib/core/types';

export interface Client {
  cookie: string;
  csrfToken: string;
  fetch: typeof fetch;
  /** GET/POST/PATCH a path of the sandbox with this session; JSON bodies in and out. */
  req(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  json<T = unknown>(path: string): Promise<T>;
  setStatus(id: string, status: JobStatus, expectedVersion: number, key?: string): Promise<Response>;
}

export async function client(url: string, email = 'demo@example.com', password = 'demo'): Promise<Client> {
  const s = await openSession(url, email, password);
  const req = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    s.fetch(`${url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'GET' ? {} : { 'x-csrf-token': s.csrfToken }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  return {
    ...s,
    req,
    async json<T>(path: string) {
      const res = await req('GET', path);
      if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
      return (await res.json()) as T;
    },
    setStatus(id, status, expectedVersion, key) {
      return req('POST', `/api/v1/jobs/${id}/status`, { status, expectedVersion }, key ? { 'idempotency-key': key } : {});
    },
  };
}

export async function start(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  return startSandbox({ port: 0, jobs: 60, seed: 7, testControls: true, ...opts });
}

export async function control(url: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${url}/__sandbox${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The first job of the demo account matching `pred` (from the sandbox state, not the API). */
export function findJob(sandbox: RunningSandbox, pred: (job: Job) => boolean, account: 'demo' | 'other' = 'demo'): Job {
  const job = sandbox.state.accounts[account].store.all().find(pred);
  if (!job) throw new Error('no matching job in the sandbox');
  return job;
}
