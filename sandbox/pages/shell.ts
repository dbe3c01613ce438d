/** The new admin design's frame: left navigation, top bar with the account, main content. */
import { html } from 'hono/html';
import type { AccountRecord, SessionRecord } from '../state';
import { documentHead, type Html } from './common';

const NAV: readonly { label: string; href: string | null; icon: string }[] = [
  { label: 'Dashboard', href: null, icon: '◧' },
  { label: 'Jobs', href: '/jobs', icon: '▣' },
  { label: 'Orders', href: null, icon: '▤' },
  { label: 'Customers', href: null, icon: '☺' },
  { label: 'Price lists', href: null, icon: '€' },
  { label: 'Automated campaigns', href: null, icon: '✉' },
  { label: 'Settings', href: null, icon: '⚙' },
];

export function newShell(opts: {
  title: string;
  rec: AccountRecord;
  session: SessionRecord;
  /** Where "Classic design" leads from this page. */
  classicHref: string;
  body: Html;
  scripts?: string[];
}): Html {
  const { rec } = opts;
  return html`<!doctype html>
<html lang="en">
${documentHead(`${opts.title} · GotPhoto`, opts.session.csrfToken)}
<body class="admin admin--new">
<div class="app">
  <aside class="sidenav" aria-label="Main navigation">
    <a class="sidenav__brand" href="/jobs"><span class="brand-mark" aria-hidden="true">g</span><span class="brand-name">gotphoto</span><span class="brand-tag">sandbox</span></a>
    <nav>
      <ul class="sidenav__list">
        ${NAV.map((item) =>
          item.href
            ? html`<li><a class="sidenav__link is-active" href="${item.href}" aria-current="page"><span class="sidenav__icon" aria-hidden="true">${item.icon}</span>${item.label}</a></li>`
            : html`<li><span class="sidenav__link sidenav__link--disabled" title="Not part of the sandbox"><span class="sidenav__icon" aria-hidden="true">${item.icon}</span>${item.label}</span></li>`,
        )}
      </ul>
    </nav>
    <div class="sidenav__footer">Help centre · Access for service staff</div>
  </aside>
  <div class="app__main">
    <header class="topbar">
      <div class="topbar__account">
        <span class="topbar__account-label">Account</span>
        <span class="topbar__account-name" data-account-id="${rec.account.id}">${rec.account.name}</span>
      </div>
      <div class="topbar__user">
        <a class="topbar__link" href="${opts.classicHref}">Switch to classic design</a>
        <span class="topbar__avatar" aria-hidden="true">${rec.user.name.slice(0, 1)}</span>
        <span class="topbar__user-name">${rec.user.name}</span>
        <form method="post" action="/logout" class="topbar__logout"><button type="submit" class="link-button">Sign out</button></form>
      </div>
    </header>
    <main class="content" id="content">
${opts.body}
    </main>
  </div>
</div>
${(opts.scripts ?? []).map((src) => html`<script type="module" src="${src}"></script>`)}
</body>
</html>`;
}
