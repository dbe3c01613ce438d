/** The HTML side of the sandbox: login/logout, overviews and job pages in both designs. */
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import type { AccountRecord, SandboxState, SessionRecord } from '../state';
import { classicJobPage } from './classic-layout';
import { TABS, type Tab } from './common';
import { loginPage } from './login';
import { newJobPage } from './new-layout';
import { classicOverviewPage, overviewPage, parseOverviewQuery } from './overview';
import { newShell } from './shell';

export const SESSION_COOKIE = 'sid';

/** A local path to return to after login; anything else falls back to /jobs. */
function safeNext(next: unknown): string | null {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return null;
  if (next === '/login' || next.length > 500) return null;
  return next;
}

export function pageRoutes(state: SandboxState): Hono {
  const app = new Hono();

  const signedIn = (c: Context): { session: SessionRecord; rec: AccountRecord } | null => {
    const session = state.session(getCookie(c, SESSION_COOKIE));
    return session ? { session, rec: state.accounts[session.accountKey] } : null;
  };
  const toLogin = (c: Context) => {
    const path = c.req.path + (new URL(c.req.url).search || '');
    return c.redirect(path === '/jobs' || path === '/' ? '/login' : `/login?next=${encodeURIComponent(path)}`, 302);
  };

  app.get('/', (c) => c.redirect(signedIn(c) ? '/jobs' : '/login', 302));

  app.get('/login', (c) => {
    if (signedIn(c)) return c.redirect('/jobs', 302);
    return c.html(loginPage({ next: safeNext(c.req.query('next')) ?? undefined }));
  });

  app.post('/login', async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const email = typeof form.email === 'string' ? form.email : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const next = safeNext(form.next);
    const rec = state.findAccountByLogin(email, password);
    if (!rec) {
      return c.html(loginPage({ email, error: 'Wrong email or password.', next: next ?? undefined }), 401);
    }
    const session = state.createSession(rec.key);
    setCookie(c, SESSION_COOKIE, session.sid, { httpOnly: true, sameSite: 'Lax', path: '/' });
    return c.redirect(next ?? '/jobs', 302);
  });

  app.post('/logout', (c) => {
    state.endSession(getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 302);
  });

  app.get('/jobs', (c) => {
    const who = signedIn(c);
    if (!who) return toLogin(c);
    return c.html(overviewPage(who.rec, who.session, parseOverviewQuery(c.req.query())));
  });

  app.get('/classic/jobs', (c) => {
    const who = signedIn(c);
    if (!who) return toLogin(c);
    return c.html(classicOverviewPage(who.rec, who.session, parseOverviewQuery(c.req.query())));
  });

  app.get('/jobs/:id', (c) => c.redirect(`/jobs/${encodeURIComponent(c.req.param('id'))}/settings`, 302));
  app.get('/classic/jobs/:id', (c) => c.redirect(`/classic/jobs/${encodeURIComponent(c.req.param('id'))}/settings`, 302));

  for (const { id: tab } of TABS) {
    app.get(`/jobs/:id/${tab}`, (c) => jobPage(c, 'new', tab));
    app.get(`/classic/jobs/:id/${tab}`, (c) => jobPage(c, 'classic', tab));
  }

  async function jobPage(c: Context, layout: 'new' | 'classic', tab: Tab) {
    const who = signedIn(c);
    if (!who) return toLogin(c);
    const job = who.rec.store.get(c.req.param('id') ?? '');
    if (!job) return c.html(notFoundPage(who.rec, who.session), 404);
    const page = layout === 'new' ? newJobPage(who.rec, who.session, job, tab) : classicJobPage(who.rec, who.session, job, tab);
    if (state.testControls && c.req.query('markup') === 'changed') return c.html(redesigned(String(await page)));
    return c.html(page);
  }

  return app;
}

/**
 * Test-only (`?markup=changed` with testControls): the page after a redesign the extension does
 * not know yet — the banner and the classic status box under other names.
 */
function redesigned(page: string): string {
  return page.replace('<header class="job-banner"', '<header class="job-hero"').replace('id="job-status-box"', 'id="job-state-box"');
}

export function notFoundPage(rec: AccountRecord, session: SessionRecord) {
  return newShell({
    title: 'Not found',
    rec,
    session,
    classicHref: '/classic/jobs',
    body: html`<div class="card empty-page"><h1>Page not found</h1><p>This job does not exist or belongs to another account.</p><p><a class="btn btn--secondary" href="/jobs">Back to jobs</a></p></div>`,
  });
}

/** A plain 404 for signed-out visitors and unknown paths. */
export function plainNotFound() {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title><link rel="stylesheet" href="/static/admin.css"></head><body class="login-page"><main class="login"><div class="login__card"><h1 class="login__title">Page not found</h1><p><a href="/jobs">Go to your jobs</a></p></div></main></body></html>`;
}
