import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { readLocale } from '../../../lib/i18n/build-locales';
import { LOCALES } from '../../../lib/i18n/catalog';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('locales', () => {
  const en = readLocale(ROOT, 'en');

  for (const lang of LOCALES) {
    it(`${lang} has exactly the English keys, each with a non-empty message`, () => {
      const messages = readLocale(ROOT, lang);
      expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
      for (const [key, message] of Object.entries(messages)) {
        expect(message.trim(), key).not.toBe('');
        expect(key).toMatch(/^[A-Za-z0-9_]+$/);
      }
    });

    it(`${lang} uses the same substitutions as English`, () => {
      const messages = readLocale(ROOT, lang);
      for (const [key, message] of Object.entries(messages)) {
        const subs = (text: string) => [...text.matchAll(/\$\d/g)].map((m) => m[0]).sort();
        expect(subs(message), key).toEqual(subs(en[key] ?? ''));
      }
    });
  }
});
