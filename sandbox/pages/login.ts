/** The sign-in page of the sandbox admin site. */
import { html } from 'hono/html';
import { documentHead, type Html } from './common';

export function loginPage(opts: { email?: string; error?: string; next?: string }): Html {
  return html`<!doctype html>
<html lang="en">
${documentHead('Sign in · GotPhoto', null)}
<body class="login-page">
<main class="login">
  <div class="login__card">
    <div class="login__brand"><span class="brand-mark" aria-hidden="true">g</span><span class="brand-name">gotphoto</span></div>
    <h1 class="login__title">Sign in to your photographer account</h1>
    ${opts.error ? html`<div class="login__error" role="alert">${opts.error}</div>` : ''}
    <form class="login__form" method="post" action="/login">
      <label class="field">
        <span class="field__label">Email</span>
        <input type="email" name="email" autocomplete="username" required value="${opts.email ?? ''}" autofocus>
      </label>
      <label class="field">
        <span class="field__label">Password</span>
        <input type="password" name="password" autocomplete="current-password" required>
      </label>
      ${opts.next ? html`<input type="hidden" name="next" value="${opts.next}">` : ''}
      <button type="submit" class="btn btn--primary btn--block">Sign in</button>
    </form>
    <p class="login__links"><span>Forgot your password?</span></p>
  </div>
  <aside class="login__hint" aria-label="Sandbox logins">
    <strong>Local sandbox.</strong> Demo login: <code>demo@example.com</code> / <code>demo</code>
    · second account: <code>other@example.com</code> / <code>other</code>
  </aside>
</main>
</body>
</html>`;
}
