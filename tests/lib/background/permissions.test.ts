import { describe, expect, it } from 'vitest';
import { CUSTOM_SCRIPT_ID_PREFIX, reconcileCustomOrigins, type ScriptRegistry } from '../../../lib/background/permissions';
import { hostPattern } from '../../../lib/permissions/origins';

const MANIFEST = ['https://app.gotphoto.com/*', 'https://app.fotograf.de/*'];

/** The browser's registered scripts and granted origins, in memory. */
function fakeRegistry(opts: { registered?: string[]; granted?: string[] } = {}) {
  const scripts = new Set((opts.registered ?? []).map((origin) => `${CUSTOM_SCRIPT_ID_PREFIX}${origin}`));
  const granted = new Set(opts.granted ?? []);
  const log: string[] = [];
  const registry: ScriptRegistry = {
    async registeredIds() {
      return [...scripts, 'someone-else'];
    },
    async register(origins) {
      for (const origin of origins) {
        const id = `${CUSTOM_SCRIPT_ID_PREFIX}${origin}`;
        if (scripts.has(id)) throw new Error(`Duplicate script ID '${id}'`);
        scripts.add(id);
        log.push(`register ${origin}`);
      }
    },
    async unregister(ids) {
      for (const id of ids) {
        scripts.delete(id);
        log.push(`unregister ${id.slice(CUSTOM_SCRIPT_ID_PREFIX.length)}`);
      }
    },
    async granted(origin) {
      return granted.has(origin);
    },
    async revoke(origin) {
      granted.delete(origin);
      log.push(`revoke ${hostPattern(origin)}`);
    },
  };
  return { registry, scripts, granted, log };
}

describe('reconcileCustomOrigins', () => {
  it('registers the content script for a listed and granted origin', async () => {
    const fake = fakeRegistry({ granted: ['https://admin.example.com'] });
    const result = await reconcileCustomOrigins(['https://admin.example.com'], fake.registry, MANIFEST);
    expect(result).toEqual({ registered: ['https://admin.example.com'], unregistered: [] });
    expect([...fake.scripts]).toEqual([`${CUSTOM_SCRIPT_ID_PREFIX}https://admin.example.com`]);
  });

  it('is idempotent: a second run changes nothing (no duplicate ids)', async () => {
    const fake = fakeRegistry({ granted: ['https://admin.example.com'] });
    await reconcileCustomOrigins(['https://admin.example.com'], fake.registry, MANIFEST);
    const again = await reconcileCustomOrigins(['https://admin.example.com'], fake.registry, MANIFEST);
    expect(again).toEqual({ registered: [], unregistered: [] });
    expect(fake.log).toEqual(['register https://admin.example.com']);
  });

  it('does not register an origin the user has not granted', async () => {
    const fake = fakeRegistry();
    await reconcileCustomOrigins(['https://admin.example.com'], fake.registry, MANIFEST);
    expect(fake.log).toEqual([]);
  });

  it('unregisters and revokes an origin the user removed', async () => {
    const fake = fakeRegistry({ registered: ['https://admin.example.com'], granted: ['https://admin.example.com'] });
    const result = await reconcileCustomOrigins([], fake.registry, MANIFEST);
    expect(result.unregistered).toEqual(['https://admin.example.com']);
    expect(fake.log).toEqual(['unregister https://admin.example.com', 'revoke https://admin.example.com/*']);
    expect(fake.granted.size).toBe(0);
  });

  it('unregisters but keeps the listing when the user withdrew the grant in the browser', async () => {
    const fake = fakeRegistry({ registered: ['https://admin.example.com'] });
    await reconcileCustomOrigins(['https://admin.example.com'], fake.registry, MANIFEST);
    expect(fake.log).toEqual(['unregister https://admin.example.com']);
  });

  it('never revokes a grant given a moment ago whose settings are not saved yet', async () => {
    // The options page asks for the permission first (inside the click), then saves the list.
    const fake = fakeRegistry({ granted: ['https://new.example.com'] });
    await reconcileCustomOrigins([], fake.registry, MANIFEST);
    expect(fake.granted.has('https://new.example.com')).toBe(true);
    expect(fake.log).toEqual([]);
  });

  it('skips origins the manifest already covers, and anything not https', async () => {
    const fake = fakeRegistry({ granted: ['https://app.gotphoto.com', 'http://plain.example.com'] });
    await reconcileCustomOrigins(['https://app.gotphoto.com', 'http://plain.example.com'], fake.registry, MANIFEST);
    expect(fake.log).toEqual([]);
  });

  it("leaves other registrations alone", async () => {
    const fake = fakeRegistry({ registered: ['https://a.example.com'], granted: ['https://a.example.com', 'https://b.example.com'] });
    await reconcileCustomOrigins(['https://b.example.com'], fake.registry, MANIFEST);
    expect(fake.log).toEqual(['unregister https://a.example.com', 'revoke https://a.example.com/*', 'register https://b.example.com']);
  });
});
