/** The job overview in both designs: a table with one row per job and its status label. */
import { html } from 'hono/html';
import { JOB_STATUSES, type Job, type JobStatus } from '../../lib/core/types';
import type { AccountRecord, SessionRecord } from '../state';
import { classicShell } from './classic-layout';
import { formatDate, JOB_TYPE_LABELS, STATUS_LABELS, statusLabel, type Html } from './common';
import { newShell } from './shell';

export const OVERVIEW_PAGE_SIZE = 100;

export interface OverviewQuery {
  q: string;
  status: JobStatus | '';
  page: number;
}

export function parseOverviewQuery(query: Record<string, string>): OverviewQuery {
  const status = JOB_STATUSES.includes(query.status as JobStatus) ? (query.status as JobStatus) : '';
  const page = Math.max(1, Math.floor(Number(query.page)) || 1);
  return { q: (query.q ?? '').slice(0, 200), status, page };
}

/** Newest jobs first (highest ID), filtered by the search box and status. */
export function overviewJobs(jobs: readonly Job[], query: OverviewQuery): { rows: Job[]; total: number; pages: number } {
  const needle = query.q.trim().toLowerCase();
  const filtered = jobs
    .filter((job) => !query.status || job.status === query.status)
    .filter(
      (job) =>
        !needle ||
        [job.name, job.internalName, job.id, job.organization].some((value) => value.toLowerCase().includes(needle)),
    )
    .sort((a, b) => Number(b.id) - Number(a.id) || (a.id < b.id ? 1 : -1));
  const pages = Math.max(1, Math.ceil(filtered.length / OVERVIEW_PAGE_SIZE));
  const start = (Math.min(query.page, pages) - 1) * OVERVIEW_PAGE_SIZE;
  return { rows: filtered.slice(start, start + OVERVIEW_PAGE_SIZE), total: filtered.length, pages };
}

function pageHref(base: string, query: OverviewQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.status) params.set('status', query.status);
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return qs ? `${base}?${qs}` : base;
}

function pagination(base: string, query: OverviewQuery, pages: number, cls: string): Html | '' {
  if (pages <= 1) return '';
  const page = Math.min(query.page, pages);
  return html`<nav class="${cls}" aria-label="Pages">
  ${page > 1 ? html`<a rel="prev" href="${pageHref(base, query, page - 1)}">‹ Previous</a>` : html`<span class="is-disabled">‹ Previous</span>`}
  <span class="pagination__info">Page ${page} of ${pages}</span>
  ${page < pages ? html`<a rel="next" href="${pageHref(base, query, page + 1)}">Next ›</a>` : html`<span class="is-disabled">Next ›</span>`}
</nav>`;
}

export function overviewPage(rec: AccountRecord, session: SessionRecord, query: OverviewQuery): Html {
  const { rows, total, pages } = overviewJobs(rec.store.all(), query);
  const body = html`<div class="page-header">
  <div>
    <h1 class="page-header__title">Jobs</h1>
    <p class="page-header__subtitle">${total} ${total === 1 ? 'job' : 'jobs'}</p>
  </div>
  <button type="button" class="btn btn--primary" disabled title="Not part of the sandbox">+ New job</button>
</div>
<form class="toolbar" method="get" action="/jobs" role="search">
  <input class="toolbar__search" type="search" name="q" value="${query.q}" placeholder="Search by name, internal name, job ID or organisation" aria-label="Search jobs">
  <select class="toolbar__select" name="status" aria-label="Status">
    <option value="">All statuses</option>
    ${JOB_STATUSES.map((s) => html`<option value="${s}"${s === query.status ? ' selected' : ''}>${STATUS_LABELS[s]}</option>`)}
  </select>
  <button type="submit" class="btn btn--secondary">Filter</button>
</form>
<div class="card card--flush">
<table class="jobs-table">
  <thead>
    <tr><th scope="col">Job</th><th scope="col">Internal name</th><th scope="col">Job ID</th><th scope="col">Organisation</th><th scope="col">Shoot date</th><th scope="col">Status</th></tr>
  </thead>
  <tbody>
    ${rows.map(
      (job) => html`<tr class="job-row" data-job-id="${job.id}" data-status="${job.status}">
      <td class="job-row__name"><a class="job-row__link" href="/jobs/${encodeURIComponent(job.id)}/settings">${job.name}</a><span class="job-row__type">${JOB_TYPE_LABELS[job.jobType] ?? job.jobType}</span></td>
      <td class="job-row__internal">${job.internalName}</td>
      <td class="job-row__id">${job.id}</td>
      <td class="job-row__org">${job.organization}</td>
      <td class="job-row__date">${formatDate(job.shootDate)}</td>
      <td class="job-row__status">${statusLabel(job.status)}</td>
    </tr>`,
    )}
    ${rows.length === 0 ? html`<tr class="jobs-table__empty"><td colspan="6">No jobs match.</td></tr>` : ''}
  </tbody>
</table>
</div>
${pagination('/jobs', query, pages, 'pagination')}`;
  return newShell({ title: 'Jobs', rec, session, classicHref: pageHref('/classic/jobs', query, query.page), body });
}

export function classicOverviewPage(rec: AccountRecord, session: SessionRecord, query: OverviewQuery): Html {
  const { rows, total, pages } = overviewJobs(rec.store.all(), query);
  const body = html`<h1 class="classic-title">My jobs <small>(${total})</small></h1>
<form class="classic-search" method="get" action="/classic/jobs">
  Search: <input type="text" name="q" value="${query.q}">
  <select name="status">
    <option value="">-- all --</option>
    ${JOB_STATUSES.map((s) => html`<option value="${s}"${s === query.status ? ' selected' : ''}>${STATUS_LABELS[s]}</option>`)}
  </select>
  <input type="submit" value="Go" class="classic-btn">
</form>
<table id="jobs-table" class="classic-list" cellspacing="0">
  <tr class="classic-list__head"><th>Job name</th><th>Internal name</th><th>ID</th><th>Organisation</th><th>Photo date</th><th>Status</th></tr>
  ${rows.map(
    (job, i) => html`<tr id="job-${job.id}" class="classic-list__row ${i % 2 ? 'odd' : 'even'}" data-job-id="${job.id}">
    <td class="job-name"><a href="/classic/jobs/${encodeURIComponent(job.id)}/settings">${job.name}</a></td>
    <td class="job-internal-name">${job.internalName}</td>
    <td class="job-id">${job.id}</td>
    <td class="job-organization">${job.organization}</td>
    <td class="job-date">${job.shootDate ?? ''}</td>
    <td class="job-status">${STATUS_LABELS[job.status]}</td>
  </tr>`,
  )}
</table>
${pagination('/classic/jobs', query, pages, 'classic-pagination')}`;
  return classicShell({ title: 'Jobs', rec, session, newHref: pageHref('/jobs', query, query.page), body });
}
