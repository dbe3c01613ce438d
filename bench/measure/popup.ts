/**
 * The popup: first rows painted from the cache (from navigation start), against the bare reference
 * page reading and painting the same rows; search keystroke → list updated; rows in the DOM.
 */
import type { Page } from 'playwright-core';
import { listProbe, type ListProbeResult } from '../lib/probes';
import { sleep, type BenchSession } from '../lib/session';
import { summarize, type Summary } from '../lib/stats';

const LIST = { list: '[role="listbox"]', row: '[role="listbox"] [role="option"]' };
/** A browser-action popup's size in Chromium is set by its content, up to 800 × 600. */
const VIEWPORT = { width: 460, height: 600 };
/** The popup asks the background for this many rows first (entrypoints/popup/list-store.ts PAGE_SIZE). */
const FIRST_QUERY_ROWS = 50;

export interface FirstRowsResult {
  jobs: number;
  /** Worker running, its in-memory index loaded (a popup opened again before the worker went idle). */
  warm: Summary;
  /** Worker stopped before each opening (a popup opened after the worker went idle). */
  cold: Summary;
  /**
   * The reference page under the same two conditions: with the worker running (its database
   * connection open) and with the worker stopped just before (IndexedDB may have to open the
   * database's files again, as for the popup's worker).
   */
  reference: { warm: Summary; cold: Summary };
  /** Rows in the popup at its first paint; the reference page paints as many. */
  rowsPainted: number;
  maxRowsInDom: number;
  /** Where the popup's time goes, from the messages it sent (medians, ms). */
  breakdown: { warm: Breakdown; cold: Breakdown };
}

export interface Breakdown {
  /** Navigation start → the first getJobs sent (loading and starting the popup's code). */
  untilAsked: number;
  /** getJobs sent → the first row in the DOM: the kept first screen read, or the answer, then the popup's render. */
  toRows: number;
  /** First row in the DOM → its frame drawn. */
  paint: number;
  /** Runs whose first rows were in the DOM before getJobs was answered (painted from the kept first screen). */
  fromFirstScreen: number;
  runs: number;
}

function breakdown(runs: ListProbeResult[]): Breakdown {
  const parts = runs.map((run) => {
    const jobs = run.messages.find((m) => m.type === 'getJobs');
    return {
      untilAsked: jobs?.sentAt ?? Number.NaN,
      toRows: run.rowsAt! - (jobs?.sentAt ?? Number.NaN),
      paint: run.paintedAt! - run.rowsAt!,
      fromFirstScreen: jobs?.answeredAt == null || jobs.answeredAt > run.rowsAt! ? 1 : 0,
    };
  });
  const med = (key: 'untilAsked' | 'toRows' | 'paint') => summarize(parts.map((p) => p[key]).filter((v) => Number.isFinite(v))).median;
  return {
    untilAsked: med('untilAsked'),
    toRows: med('toRows'),
    paint: med('paint'),
    fromFirstScreen: parts.reduce((sum, p) => sum + p.fromFirstScreen, 0),
    runs: parts.length,
  };
}

type Probed = ListProbeResult & { url: string };

async function openList(session: BenchSession, url: string, keep = false): Promise<{ page: Page; result: Probed }> {
  const page = await session.context.newPage();
  await page.setViewportSize(VIEWPORT);
  await page.addInitScript(listProbe(LIST));
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __benchList: ListProbeResult }).__benchList.paintedAt !== null, null, {
    timeout: 30_000,
    polling: 50,
  });
  const result = await readProbe(page);
  if (!keep) await page.close();
  return { page, result: { ...result, url } };
}

export function readProbe(page: Page): Promise<ListProbeResult> {
  return page.evaluate(() => structuredClone((window as unknown as { __benchList: ListProbeResult }).__benchList));
}

export async function measureFirstRows(session: BenchSession, jobs: number, runs: number): Promise<FirstRowsResult> {
  const partition = await session.partition();
  // One untimed opening: the process, the code cache and the index warm up as for any user.
  const first = await openList(session, session.popupUrl);
  const rowsPainted = first.result.rowsAtFirstPaint;
  const reference = `${session.referenceUrl}?${new URLSearchParams({ partition, read: String(FIRST_QUERY_ROWS), paint: String(rowsPainted) })}`;
  await openList(session, reference);

  const warm: number[] = [];
  const cold: number[] = [];
  const warmRuns: ListProbeResult[] = [];
  const coldRuns: ListProbeResult[] = [];
  const bareWarm: number[] = [];
  const bareCold: number[] = [];
  let maxRows = first.result.maxRows;
  // Interleaved, so drift on a shared machine hits all four alike.
  for (let i = 0; i < runs; i++) {
    await session.workerWarm();
    const w = await openList(session, session.popupUrl);
    warm.push(w.result.paintedAt!);
    warmRuns.push(w.result);
    await session.syncIdle();
    bareWarm.push((await openList(session, reference)).result.paintedAt!);
    await session.syncIdle();
    await session.stopWorker({ settle: true });
    const c = await openList(session, session.popupUrl);
    cold.push(c.result.paintedAt!);
    coldRuns.push(c.result);
    await session.syncIdle();
    await session.stopWorker({ settle: true });
    bareCold.push((await openList(session, reference)).result.paintedAt!);
    maxRows = Math.max(maxRows, w.result.maxRows, c.result.maxRows);
    await sleep(50);
  }
  return {
    jobs,
    warm: summarize(warm),
    cold: summarize(cold),
    reference: { warm: summarize(bareWarm), cold: summarize(bareCold) },
    rowsPainted,
    maxRowsInDom: maxRows,
    breakdown: { warm: breakdown(warmRuns), cold: breakdown(coldRuns) },
  };
}

export interface SearchResult {
  jobs: number;
  /** keydown → the list's rows (or their total) changed in the DOM. */
  updated: Summary;
  /** keydown → the frame showing it drawn. */
  painted: Summary;
  keystrokes: number;
  /** Keystrokes after which the list did not change within the wait (not counted). */
  unchanged: number;
  maxRowsInDom: number;
}

/**
 * Types search terms taken from the cached jobs, one key at a time, each followed by clearing the
 * field; every keystroke that changes the list is one sample.
 */
export async function measureSearch(session: BenchSession, jobs: number, terms: readonly string[]): Promise<SearchResult> {
  const { page } = await openList(session, session.popupUrl, true);
  const input = page.locator('input[type="search"]').first();
  await input.waitFor({ timeout: 10_000 });
  // Rows must be in place before typing, or the first keystroke would measure the start-up.
  await page.waitForTimeout(300);
  const waitForUpdate = async (count: number) => {
    await page
      .waitForFunction(
        (n) => {
          const strokes = (window as unknown as { __benchList: ListProbeResult }).__benchList.keystrokes;
          return strokes.length >= n && strokes[n - 1]!.paintedAt !== null;
        },
        count,
        { timeout: 2000, polling: 20 },
      )
      .catch(() => undefined);
  };
  let count = 0;
  for (const term of terms) {
    await input.click();
    for (const char of term) {
      await page.keyboard.press(char === ' ' ? 'Space' : char);
      await waitForUpdate(++count);
    }
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Backspace');
    await waitForUpdate(++count);
    await page.waitForTimeout(50);
  }
  const probe = await readProbe(page);
  await page.close();
  const edits = probe.keystrokes;
  const changed = edits.filter((k) => k.updatedAt !== null && k.paintedAt !== null);
  return {
    jobs,
    updated: summarize(changed.map((k) => k.updatedAt! - k.downAt)),
    painted: summarize(changed.map((k) => k.paintedAt! - k.downAt)),
    keystrokes: changed.length,
    unchanged: edits.length - changed.length,
    maxRowsInDom: probe.maxRows,
  };
}
