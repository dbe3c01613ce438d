/**
 * Build-time (Node): merges `locales/<lang>/*.json` into Chrome/Firefox `messages.json`
 * objects. Used by wxt.config.ts and by the locale test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type FlatMessages = Record<string, string>;

export function readLocale(root: string, lang: string): FlatMessages {
  const dir = join(root, 'locales', lang);
  const merged: FlatMessages = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const messages = JSON.parse(readFileSync(join(dir, file), 'utf8')) as FlatMessages;
    for (const [key, message] of Object.entries(messages)) {
      if (key in merged) throw new Error(`locales/${lang}: key ${key} is defined twice (${file})`);
      merged[key] = message;
    }
  }
  return merged;
}

export function toMessagesJson(messages: FlatMessages): Record<string, { message: string }> {
  return Object.fromEntries(Object.entries(messages).map(([key, message]) => [key, { message }]));
}
