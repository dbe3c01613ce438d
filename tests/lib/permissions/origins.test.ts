import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostPattern, MAX_CUSTOM_ORIGINS, parseCustomOrigin } from '../../../lib/permissions/origins';

describe('hostPattern', () => {
  it('covers every path of the host, without a port (portable to Firefox)', () => {
    expect(hostPattern('https://app.gotphoto.com')).toBe('https://app.gotphoto.com/*');
    expect(hostPattern('https://admin.example.com:8443')).toBe('https://admin.example.com/*');
    expect(hostPattern('http://127.0.0.1:5199')).toBe('http://127.0.0.1/*');
  });
});

describe('parseCustomOrigin', () => {
  it('accepts a bare host, a full URL with a path, and whitespace around them', () => {
    expect(parseCustomOrigin('admin.example.com', [])).toEqual({ ok: true, origin: 'https://admin.example.com' });
    expect(parseCustomOrigin('  https://Admin.Example.com/jobs/1/settings?x=1 ', [])).toEqual({ ok: true, origin: 'https://admin.example.com' });
    expect(parseCustomOrigin('https://admin.example.com:8443/', [])).toEqual({ ok: true, origin: 'https://admin.example.com:8443' });
  });

  it('refuses anything but https', () => {
    expect(parseCustomOrigin('http://admin.example.com', [])).toEqual({ ok: false, reason: 'not-https' });
    expect(parseCustomOrigin('ftp://admin.example.com', [])).toEqual({ ok: false, reason: 'not-https' });
    expect(parseCustomOrigin('javascript://alert(1)', [])).toEqual({ ok: false, reason: 'not-https' });
  });

  it('refuses empty, malformed, credentialed, wildcard and dotless hosts', () => {
    expect(parseCustomOrigin('   ', [])).toEqual({ ok: false, reason: 'empty' });
    expect(parseCustomOrigin('https://', [])).toEqual({ ok: false, reason: 'invalid' });
    expect(parseCustomOrigin('https://user:pw@admin.example.com', [])).toEqual({ ok: false, reason: 'invalid' });
    expect(parseCustomOrigin('https://*.example.com', [])).toEqual({ ok: false, reason: 'invalid' });
    expect(parseCustomOrigin('localhost', [])).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses the built-in sites, duplicates and more than the maximum', () => {
    expect(parseCustomOrigin('app.gotphoto.com', [])).toEqual({ ok: false, reason: 'builtin' });
    expect(parseCustomOrigin('https://app.fotograf.de/x', [])).toEqual({ ok: false, reason: 'builtin' });
    expect(parseCustomOrigin('admin.example.com', ['https://admin.example.com'])).toEqual({ ok: false, reason: 'duplicate' });
    const full = Array.from({ length: MAX_CUSTOM_ORIGINS }, (_, i) => `https://a${i}.example.com`);
    expect(parseCustomOrigin('b.example.com', full)).toEqual({ ok: false, reason: 'too-many' });
  });

  it('never throws, and what it accepts is always an https origin', () => {
    fc.assert(
      fc.property(fc.string(), (input) => {
        const result = parseCustomOrigin(input, []);
        if (result.ok) {
          const url = new URL(result.origin);
          expect(url.protocol).toBe('https:');
          expect(url.origin).toBe(result.origin);
        }
      }),
    );
  });
});
