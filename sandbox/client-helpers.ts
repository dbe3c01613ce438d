/**
 * Node-side helpers for tests and scripts that talk to a running sandbox: sign in through the
 * login form and make requests with that session's cookie.
 */

/** Signs in with the login form; returns the `Cookie` header value (`sid=…`). Throws on a wrong login. */
export async function login(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(new URL('/login', url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }).toString(),
    redirect: 'manual',
  });
  await res.arrayBuffer();
  const setCookies = res.headers.getSetCookie();
  const sid = setCookies.map((c) => /^sid=([^;]*)/.exec(c)?.[1]).find((v) => v);
  if (res.status !== 302 || !sid) throw new Error(`login failed for ${email}: HTTP ${res.status}`);
  return `sid=${sid}`;
}

/** A `fetch` that sends the session cookie (merged with any headers given per call). */
export function sessionFetch(cookie: string): typeof fetch {
  return (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('cookie', cookie);
    return fetch(input, { ...init, headers });
  };
}

/** Signs in and reads the session: cookie, CSRF token and a cookie-carrying fetch. */
export async function openSession(
  url: string,
  email = 'demo@example.com',
  password = 'demo',
): Promise<{ cookie: string; csrfToken: string; fetch: typeof fetch }> {
  const cookie = await login(url, email, password);
  const f = sessionFetch(cookie);
  const res = await f(new URL('/api/v1/session', url));
  if (!res.ok) throw new Error(`session: HTTP ${res.status}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken, fetch: f };
}
