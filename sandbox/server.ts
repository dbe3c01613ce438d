/**
 * The sandbox admin site: a local imitation of the GotPhoto photographer admin serving the JSON
 * API of DESIGN.md §3 and the job pages in the new and the classic design.
 *
 *   const sandbox = await startSandbox({ port: 0, jobs: 200, seed: 1, testControls: true });
 *   … sandbox.url …
 *   await sandbox.close();
 */
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { apiRoutes } from './api';
import { controlRoutes } from './controls';
import { pageRoutes, plainNotFound } from './pages/routes';
import { SandboxState, type SandboxOptions } from './state';

export { SandboxState } from './state';
export type { SandboxOptions, Faults, SandboxStats, AccountKey, FaultKind } from './state';

export interface RunningSandbox {
  url: string;
  port: number;
  close(): Promise<void>;
  state: SandboxState;
}

const PUBLIC_DIR = new URL('./public/', import.meta.url);
const STATIC_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

/** The stats key of a request: method and path with job IDs replaced by `:id`. */
export function routeKey(method: string, path: string): string {
  return `${method} ${path.replace(/\/jobs\/[^/]+/, '/jobs/:id')}`;
}

export function createSandboxApp(opts: SandboxOptions = {}): { app: Hono; state: SandboxState } {
  const state = new SandboxState(opts);
  const app = new Hono();

  app.use('*', async (c, next) => {
    const path = c.req.path;
    if (!path.startsWith('/static/') && !path.startsWith('/__sandbox/')) state.countRequest(routeKey(c.req.method, path));
    await next();
  });

  app.route('/api/v1', apiRoutes(state));
  if (state.testControls) app.route('/__sandbox', controlRoutes(state));

  app.get('/static/:file', async (c) => {
    const file = c.req.param('file');
    const match = /^[a-z0-9-]+\.(js|css|svg)$/.exec(file);
    if (!match) return c.text('Not found', 404);
    try {
      const body = await readFile(new URL(file, PUBLIC_DIR), 'utf8');
      return c.body(body, 200, { 'Content-Type': STATIC_TYPES[match[1] as string] as string, 'Cache-Control': 'no-cache' });
    } catch {
      return c.text('Not found', 404);
    }
  });

  app.route('/', pageRoutes(state));

  app.notFound((c) => {
    const path = c.req.path;
    if (path.startsWith('/api/') || path.startsWith('/__sandbox')) return c.json({ error: 'not_found' }, 404);
    return c.html(plainNotFound(), 404);
  });
  app.onError((err, c) => {
    console.error('[sandbox] unhandled error', err);
    return c.json({ error: 'internal_error' }, 500);
  });

  return { app, state };
}

export async function startSandbox(opts: SandboxOptions & { port?: number; host?: string } = {}): Promise<RunningSandbox> {
  const { port = 0, host = '127.0.0.1', ...options } = opts;
  const { app, state } = createSandboxApp(options);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: host, overrideGlobalObjects: false }) as Server;
    s.once('listening', () => resolve(s));
    s.once('error', reject);
  });
  server.on('error', (err) => console.error('[sandbox] server error', err));
  const actualPort = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    state,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hung and delayed requests: drop their sockets, then let their handlers finish.
        server.closeAllConnections();
        state.shutdown();
      });
      return closing;
    },
  };
}
