/**
 * Helpers for the security, options and accessibility e2e tests: sending protocol messages from
 * a given context exactly as that context would, reading the sandbox's truth, and axe-core.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { CDPSession, Page } from 'playwright-core';
import { CHANNEL, type MessageType, type RequestOf, type ResponseEnvelope } from '../../lib/messaging/protocol';
import type { E2E } from './harness';

export interface SandboxJob {
  id: string;
  name: string;
  status: 'planning' | 'prepay' | 'selling' | 'archived';
  version: number;
  salesMethod: string;
}

/** The sandbox's own view of the jobs (the server's truth, not the extension's cache). */
export async function sandboxJobs(e2e: E2E, account: 'demo' | 'other' = 'demo'): Promise<SandboxJob[]> {
  const res = await fetch(`${e2e.sandbox.url}/__sandbox/jobs?account=${account}`);
  return ((await res.json()) as { jobs: SandboxJob[] }).jobs;
}

export async function sandboxJob(e2e: E2E, id: string): Promise<SandboxJob> {
  const job = (await sandboxJobs(e2e)).find((j) => j.id === id);
  if (!job) throw new Error(`no sandbox job ${id}`);
  return job;
}

/** Someone who can send protocol messages: an extension page or a content script's world. */
export interface Sender {
  send<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<ResponseEnvelope<T>>;
  close(): Promise<void>;
}

/** An extension page (popup.html, options.html) sending through chrome.runtime, as its code does. */
export async function extensionPage(e2e: E2E, path: 'popup.html' | 'options.html'): Promise<Sender & { page: Page }> {
  const page = await e2e.context.newPage();
  await page.goto(`chrome-extension://${e2e.extensionId}/${path}`);
  return {
    page,
    send: (type, payload) =>
      page.evaluate(
        (message) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<never> } } }).chrome.runtime.sendMessage(message),
        { channel: CHANNEL, type, payload },
      ),
    close: () => page.close(),
  };
}

/**
 * The content script's own isolated world on `page`, reached through the DevTools protocol:
 * the message leaves from the real content-script context of the real admin tab, so the
 * background sees the sender (tab, frame, origin, URL) the browser itself reports. The page cannot
 * forge those fields: it has no extension API at all (checked in the security test).
 */
export async function contentScriptWorld(e2e: E2E, page: Page): Promise<Sender> {
  const cdp: CDPSession = await e2e.context.newCDPSession(page);
  const contexts: { id: number; origin: string; auxData?: { type?: string; frameId?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', (event) => contexts.push(event.context as (typeof contexts)[number]));
  await cdp.send('Runtime.enable');
  const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
  const extensionOrigin = `chrome-extension://${e2e.extensionId}`;
  await waitUntil(async () => contexts.some((c) => c.origin === extensionOrigin && c.auxData?.frameId === frameTree.frame.id), true, 'content-script world', 10_000);
  const world = contexts.filter((c) => c.origin === extensionOrigin && c.auxData?.frameId === frameTree.frame.id).at(-1)!;
  return {
    async send(type, payload) {
      const message = JSON.stringify({ channel: CHANNEL, type, payload });
      const answer = (await cdp.send('Runtime.evaluate', {
        contextId: world.id,
        expression: `chrome.runtime.sendMessage(${message})`,
        awaitPromise: true,
        returnByValue: true,
      })) as { result: { value?: unknown }; exceptionDetails?: { text: string } };
      if (answer.exceptionDetails) throw new Error(`content-script world: ${answer.exceptionDetails.text}`);
      return answer.result.value as never;
    },
    close: () => cdp.detach().catch(() => {}),
  };
}

/** Polls `read` until it returns `expected` (usable in hooks, unlike expect.poll). */
export async function waitUntil<T>(read: () => Promise<T>, expected: T, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (last === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms`);
}

/** Syncs now (from the options page) and waits until the extension has the demo account's jobs. */
export async function syncNow(e2e: E2E): Promise<void> {
  const options = await extensionPage(e2e, 'options.html');
  try {
    await waitUntil(async () => {
      const answer = await options.send('refresh', {});
      return answer.ok ? answer.data.status : answer.error.code;
    }, 'ok', 'sync');
  } finally {
    await options.close();
  }
}

/** Waits for the content script to have recognised the page (its one visible trace). */
export async function waitForContentScript(page: Page, expected: string): Promise<void> {
  await waitUntil(() => page.evaluate(() => document.documentElement.dataset.jobStatusCompanion), expected, 'content script', 15_000);
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs axe-core in the page and returns its serious and critical violations. Injected by
 * evaluation rather than a <script> tag: extension pages' CSP (rightly) refuses inline scripts.
 * `include`: CSS selectors of shadow hosts to limit the run to (the admin page's own markup is
 * not ours to judge).
 */
export async function seriousViolations(page: Page, include?: string[]): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (hosts) => {
    type Axe = { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> };
    const axe = (globalThis as unknown as { axe: Axe }).axe;
    const context = hosts ? { include: hosts.map((host) => [host]) } : document;
    const result = await axe.run(context, { resultTypes: ['violations'] });
    return result.violations;
  }, include ?? null);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeViolations(violations: AxeViolation[]): string[] {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}
