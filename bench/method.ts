/** How each number is taken: written under the table in docs/benchmarks.md. */
export const METHOD = `All browser numbers come from headless Chromium running the bench build of the extension
(\`wxt build --mode bench\`: the sandbox build plus the reference page of \`bench/reference/\`), pointed at the
in-process sandbox admin site (seed 1) and logged in. Each timing is the median of the runs shown; runs of
the things compared are interleaved, so drift on a shared machine hits them alike.

- **Popup first rows**: the popup page opened in a 460 × 600 tab; a script installed before the page's own
  code (\`addInitScript\`) watches the DOM and records \`performance.now()\` (relative to navigation start) at
  the end of the first frame drawn with a job row in it (\`requestAnimationFrame\`, then a posted message).
  *Worker running*: the service worker is up with its in-memory index loaded (a filtered query half a
  second before). *Worker stopped*: the worker is stopped through the DevTools protocol before each
  opening, as Chromium does after 30 s idle, and 2.5 s pass (Chromium closes the database files about 2 s
  after the last connection), so the popup's first message starts it and it opens the database anew.
  In both, the first screen the background keeps in \`storage.session\` (written at the previous opening,
  removed on any change) is there, as it is for a user reopening the popup; the breakdown says in how
  many runs the rows came from it before the background's answer.
- **Reference page**: \`bench/reference\`, an extension page (same origin, same database) that opens
  IndexedDB, reads the newest 50 jobs by the \`byUpdated\` index and paints as many rows as the popup
  painted, with plain DOM. Measured the same way, in the same run, under both conditions: with the worker
  running (the database is open in the browser) and after stopping it the same way (as the popup's worker
  finds it); each popup time is compared with the reference time of its own condition.
- **Search**: in the open popup with 10,000 cached jobs, search terms are typed a key at a time, each
  term then cleared; a sample is the time from the key's \`keydown\` (its event timestamp) to the list's rows
  or total changing in the DOM. Keys that leave the list unchanged are not samples.
- **Rows in the DOM**: the most children the popup's listbox had at any moment during all popup runs.
- **Content script**: a job's Settings page of the sandbox (new layout) opened in a logged-in tab; from
  the content script starting its work on the page (its performance mark \`job-status-companion:injected\`,
  set when the DOM is ready, just before it marks \`<html>\` with \`data-job-status-companion\`) to the UI
  host element being in the page, and to its shadow root showing the job's bar (\`[role=region]\`: status,
  checklist badge, actions), from the cache; with the worker running and stopped, as for the popup. The
  script is loaded at \`document_start\` and then only wakes the background: with the worker stopped before
  the page is opened, that wake-up while the page loads is part of what is measured, as it is for a user.
- **Bundle sizes**: the production build (\`.output/chrome-mv3\`, from \`wxt zip\`), gzip level 9. Popup: the
  scripts its HTML loads and every chunk they import statically. Background: the service worker and its
  static imports. Content script: the scripts the manifest injects. Zip: the file \`wxt zip\` writes.
  kB = 1,000 bytes.
- **Sync**: the cache emptied (\`clearCache\`), then \`refresh\` sent from an extension page and timed there
  until it answers (the sync finished and the state is \`ok\`). Raw: the same pages (\`limit=500\`) fetched
  by the service worker with \`fetch\`, read as text and parsed, with nothing else done. Transactions are
  counted by wrapping \`IDBDatabase.prototype.transaction\` and \`IDBObjectStore.prototype.put\` inside the
  service worker; "per page" divides by the pages the sandbox served. Measured twice: on loopback (reported,
  not judged: the sandbox answers a page in ~20 ms, so the IndexedDB writes are all there is) and with the
  sandbox delaying every answer by \`--sync-latency\` ms (default 50, what the target is judged at; at most 5
  runs, after the loopback runs so both paths are warm).
- **Bulk**: \`startBulk\` sent from the popup (the sender policy allows bulks from the popup only) for jobs
  that need no checklist (planning ↔ archived), with the sandbox limiting the session to N requests per
  second in fixed one-second windows; timed from the request to the bulk's state \`done\`. Throughput is
  changed jobs per second; the target compares it with N.
- **Removing unseen jobs** (\`--only stale\`): in the service worker's own IndexedDB with 10,000 synced
  jobs, 500 are given a lower generation (not timed), removed in one transaction by each way compared, and
  put back (not timed); the ways alternate within each run. \`keys+deletes, relaxed\` is what the end of a
  full sync does since M2.5 (it did \`strict\` before).`;
