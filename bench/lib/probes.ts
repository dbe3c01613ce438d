/**
 * Scripts the bench puts into pages before their own code runs (`addInitScript`). They only
 * observe: a MutationObserver notes when things appear, `performance.now()` is relative to the
 * page's navigation start. "Painted" is the end of the first frame after the DOM change: a
 * requestAnimationFrame callback runs just before that frame is drawn, and a message posted from
 * it is handled right after.
 */

export interface ListProbeResult {
  /** The first row is in the DOM. */
  rowsAt: number | null;
  /** The frame showing it is drawn. */
  paintedAt: number | null;
  rowsAtFirstPaint: number;
  /** The most children a list ever had at once. */
  maxRows: number;
  /** Messages the page sent the background (extension pages only): when sent, when answered. */
  messages: { type: string; sentAt: number; answeredAt: number | null }[];
  keystrokes: { key: string; downAt: number; updatedAt: number | null; paintedAt: number | null; setSize: string | null }[];
}

export interface ListProbeConfig {
  list: string;
  row: string;
}

/** For the popup and the reference page: first rows, rows in the DOM, and keystroke → list updated. */
export function listProbe(config: ListProbeConfig): string {
  return `(() => {
  const cfg = ${JSON.stringify(config)};
  const state = { rowsAt: null, paintedAt: null, rowsAtFirstPaint: 0, maxRows: 0, messages: [], keystrokes: [] };
  Object.defineProperty(window, '__benchList', { value: state });
  // The page's own code sends through chrome.runtime.sendMessage (the polyfill calls it), so timing it here shows where the time goes.
  const runtime = globalThis.chrome && chrome.runtime;
  if (runtime && runtime.sendMessage) {
    const send = runtime.sendMessage.bind(runtime);
    runtime.sendMessage = (...args) => {
      const entry = { type: (args[0] && (args[0].type || args[0].event)) || '?', sentAt: performance.now(), answeredAt: null };
      state.messages.push(entry);
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        args[args.length - 1] = (...answer) => { entry.answeredAt = performance.now(); return last(...answer); };
        return send(...args);
      }
      const result = send(...args);
      if (result && typeof result.then === 'function') result.then(() => { entry.answeredAt = performance.now(); }, () => { entry.answeredAt = performance.now(); });
      return result;
    };
  }
  const afterFrame = (done) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => done(performance.now());
    channel.port2.postMessage(0);
  });
  // What the list shows: its rows' job ids and the total the rows announce.
  const signature = () => {
    const rows = document.querySelectorAll(cfg.row);
    let ids = '';
    for (const row of rows) ids += (row.getAttribute('data-job-id') || '') + ',';
    return ids + '|' + (rows[0] ? rows[0].getAttribute('aria-setsize') : '');
  };
  let pending = null;
  addEventListener('keydown', (event) => {
    // Shortcuts (select-all before clearing) are not edits of the query.
    if (!event.isTrusted || event.ctrlKey || event.metaKey || event.altKey || ['Control', 'Meta', 'Alt', 'Shift'].includes(event.key)) return;
    pending = { key: event.key, downAt: event.timeStamp, updatedAt: null, paintedAt: null, setSize: null, before: signature() };
    state.keystrokes.push(pending);
  }, true);
  new MutationObserver(() => {
    const now = performance.now();
    for (const list of document.querySelectorAll(cfg.list)) state.maxRows = Math.max(state.maxRows, list.childElementCount);
    if (state.rowsAt === null && document.querySelector(cfg.row)) {
      state.rowsAt = now;
      state.rowsAtFirstPaint = document.querySelectorAll(cfg.row).length;
      afterFrame((t) => { state.paintedAt = t; });
    }
    if (pending && pending.updatedAt === null && signature() !== pending.before) {
      const hit = pending;
      hit.updatedAt = now;
      const first = document.querySelector(cfg.row);
      hit.setSize = first ? first.getAttribute('aria-setsize') : '0';
      delete hit.before;
      afterFrame((t) => { hit.paintedAt = t; });
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
})();`;
}

export interface MountProbeResult {
  /** The content script started its work on the page: its performance mark, else its attribute on <html> appearing. */
  injectAt: number | null;
  /** The UI's host element is in the page. */
  hostAt: number | null;
  /** The UI rendered the job from the cache (its region is in the shadow root). */
  readyAt: number | null;
  readyPaintedAt: number | null;
}

export interface MountProbeConfig {
  host: string;
  ready: string;
}

/** For an admin page: content script injected → its UI mounted → its UI showing the job. */
export function mountProbe(config: MountProbeConfig): string {
  return `(() => {
  const cfg = ${JSON.stringify(config)};
  const state = { injectAt: null, hostAt: null, readyAt: null, readyPaintedAt: null };
  Object.defineProperty(window, '__benchMount', { value: state });
  const watched = new WeakSet();
  const check = () => {
    const now = performance.now();
    if (state.injectAt === null && document.documentElement && document.documentElement.hasAttribute('data-job-status-companion')) {
      // The script's own mark is exact; this observer only runs once the script's synchronous start is done.
      const mark = performance.getEntriesByName('job-status-companion:injected')[0];
      state.injectAt = mark ? mark.startTime : now;
    }
    const host = document.querySelector(cfg.host);
    if (!host) return;
    if (state.hostAt === null) state.hostAt = now;
    const root = host.shadowRoot;
    if (!root) return;
    if (!watched.has(root)) {
      watched.add(root);
      observer.observe(root, { childList: true, subtree: true });
    }
    if (state.readyAt === null && root.querySelector(cfg.ready)) {
      state.readyAt = now;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => { state.readyPaintedAt = performance.now(); };
        channel.port2.postMessage(0);
      });
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-job-status-companion'] });
})();`;
}
