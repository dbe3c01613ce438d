import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findHardcodedStrings, findSentences } from './hardcoded-strings';

const ROOT = resolve(import.meta.dirname, '../../..');

function filesEndingWith(dir: string, ending: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesEndingWith(path, ending));
    else if (entry.name.endsWith(ending)) out.push(path);
  }
  return out;
}

const check = (source: string) => findHardcodedStrings('x.tsx', source).map((found) => `${found.kind}: ${found.text}`);

describe('the hard-coded string checker', () => {
  it('flags text between tags, in visible attributes and in rendered expressions', () => {
    expect(check('const a = <p>Hello</p>;')).toEqual(['text: Hello']);
    expect(check('const a = <button aria-label="Close" title={"Close it"} />;')).toEqual(['attribute: aria-label="Close"', 'attribute: Close it']);
    expect(check('const a = <p>{ok ? "Yes" : t("no")}</p>;')).toEqual(['expression: Yes']);
    expect(check('const a = <p>{busy && `Saving ${n}`}</p>;')).toEqual(['expression: Saving']);
    expect(check('const a = <img alt={name || "Photo"} />;')).toEqual(['attribute: Photo']);
    expect(check('const a = <Banner heading="Welcome" />;')).toEqual(['attribute: heading="Welcome"']);
    expect(check('const a = <p>\n  Two words\n</p>;')).toEqual(['text: Two words']);
  });

  it('ignores class names, ids, keys, roles, translations, punctuation and entities', () => {
    expect(
      check(`
        const a = (
          <div class="jsc-card opt-card" id="site-heading" role="dialog" data-item="price-list" key="a" type="button">
            {t('options_title')} · {count} / {total} — &nbsp; &#8594; {'·'}
            <input aria-labelledby="x" aria-describedby="y" value="critical" name="admin-site" />
            {items.map((item) => <li key={item.id}>{label(item)}</li>)}
            {n > 1 ? <b>{n}</b> : null}
            <Thing label={t('key')} title={\`\${host}\`} />
          </div>
        );`),
    ).toEqual([]);
  });

  it('does not mistake generics or comparisons in .tsx for tags', () => {
    expect(check('const s = useState<string | null>(null); const b = a < b && c > d; const f = <T,>(x: T) => x;')).toEqual([]);
  });
});

describe('UI strings', () => {
  it('are never hard-coded in entrypoints/**/*.tsx or components/**/*.tsx (all go through t())', () => {
    const files = [...filesEndingWith(join(ROOT, 'entrypoints'), '.tsx'), ...filesEndingWith(join(ROOT, 'components'), '.tsx')];
    expect(files.length).toBeGreaterThan(0);
    const found = files.flatMap((file) => findHardcodedStrings(relative(ROOT, file), readFileSync(file, 'utf8')));
    expect(found.map((f) => `${f.file}:${f.line} ${f.kind}: ${f.text}`)).toEqual([]);
  });
});

describe('the sentence checker', () => {
  it('flags sentences, not technical text, log calls or imports', () => {
    const check = (source: string) => findSentences('x.ts', source).map((found) => found.text);
    expect(check("const a = 'The job is already selling.'; const b = `Job ${id} is not in the cache`;")).toEqual([
      'The job is already selling.',
      'Job  x  is not in the cache',
    ]);
    expect(check("const a = 'server (HTTP 503)'; const b = 'another extension or app'; const c = 'reason_api_server'; const d = 'Job Status Companion';")).toEqual(['Job Status Companion']);
    expect(check("console.warn('The background did not answer:', e); import x from 'Some Module Name';")).toEqual([]);
  });
});

describe('what the background says', () => {
  it('holds no sentence: reasons, errors and titles are codes and catalog keys that the UI words', () => {
    const dirs = ['lib/background', 'lib/bulk', 'lib/sync', 'lib/messaging', 'lib/cache', 'lib/admin-api'];
    const files = [...dirs.flatMap((dir) => filesEndingWith(join(ROOT, dir), '.ts')), join(ROOT, 'lib/core/reasons.ts'), join(ROOT, 'lib/core/transitions.ts'), join(ROOT, 'entrypoints/background/index.ts')];
    expect(files.length).toBeGreaterThan(20);
    const found = files.flatMap((file) => findSentences(relative(ROOT, file), readFileSync(file, 'utf8')));
    expect(found.map((f) => `${f.file}:${f.line} ${f.text}`)).toEqual([]);
  });
});
