/**
 * Loads a sandbox page into the happy-dom document of a test and routes the page script's
 * fetch() calls to the in-process sandbox app with a demo session.
 */
import { createSandboxApp } from '../../sandbox/server';

export function pageEnv(opts: { jobs?: number; seed?: number } = {}) {
  const { app, state } = createSandboxApp({ jobs: opts.jobs ?? 60, seed: opts.seed ?? 8 });
  const cookie = `sid=${state.createSession('demo').sid}`;
  const calls: { method: string; path: string }[] = [];

  const request = (input: string, init: RequestInit = {}) => {
    const url = new URL(input, location.href);
    // happy-dom's Request drops a `cookie` init header (forbidden in browsers); its Headers keep it.
    const req = new Request(url.href, init);
    req.headers.set('cookie', cookie);
    calls.push({ method: (init.method ?? 'GET').toUpperCase(), path: url.pathname });
    return app.fetch(req);
  };
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => request(String(input), init)) as typeof fetch;

  async function load(path: string, script: string): Promise<void> {
    history.replaceState(null, '', path);
    const res = await request(path);
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    const html = (await res.text()).replace(/<link [^>]*>/g, '').replace(/<script type="module"[^>]*><\/script>/g, '');
    const doc = new DOMParser().parseFromString(html, 'text/html');
    document.title = doc.title;
    document.body.replaceChildren(...[...doc.body.childNodes].map((n) => document.importNode(n, true)));
    const meta = document.createElement('meta');
    meta.setAttribute('name', 'csrf-token');
    meta.setAttribute('content', doc.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '');
    document.head.appendChild(meta);
    await import(/* @vite-ignore */ script);
  }

  return { app, state, calls, load };
}
