import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const EXTENSION_DIR = resolve(ROOT, '.output/chrome-mv3-sandbox');
export const SCREENSHOT_DIR = resolve(ROOT, '.output/screenshots');
