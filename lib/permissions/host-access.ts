import { browser } from 'wxt/browser';
import { hostPattern } from './origins';

/**
 * Host access to the admin site. Chrome grants the manifest's host permissions at install, but
 * the user can withdraw them; Firefox treats them as optional. So every context that needs the
 * admin site checks, and asks when missing.
 */

/** The patterns the extension needs for the admin site the user picked. */
export function requiredHostPatterns(adminOrigin: string): string[] {
  return [hostPattern(adminOrigin)];
}

/** The patterns among `patterns` the extension does not hold; empty when all are granted. */
export async function missingHostPatterns(patterns: readonly string[]): Promise<string[]> {
  const held = await Promise.all(patterns.map((pattern) => browser.permissions.contains({ origins: [pattern] })));
  return patterns.filter((_, i) => !held[i]);
}

/** Whether the extension may talk to the admin site at `adminOrigin`. */
export async function hasHostAccess(adminOrigin: string): Promise<boolean> {
  return (await missingHostPatterns(requiredHostPatterns(adminOrigin))).length === 0;
}

/**
 * Shows the browser's permission prompt. Call it synchronously from a click handler, before any
 * `await`: both browsers refuse the prompt outside a user gesture.
 */
export function requestHostPatterns(patterns: readonly string[]): Promise<boolean> {
  return browser.permissions.request({ origins: [...patterns] });
}

/** Calls back when the user grants or withdraws any host permission, until the returned stop. */
export function watchHostAccess(callback: () => void): () => void {
  const listener = () => callback();
  browser.permissions.onAdded.addListener(listener);
  browser.permissions.onRemoved.addListener(listener);
  return () => {
    browser.permissions.onAdded.removeListener(listener);
    browser.permissions.onRemoved.removeListener(listener);
  };
}
