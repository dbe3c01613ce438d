import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const FIREFOX_EXTENSION_DIR = resolve(ROOT, '.output/firefox-mv3-sandbox');
