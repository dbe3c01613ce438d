import { SANDBOX_DEFAULT_ORIGIN } from './sandbox';

/**
 * The admin origins the extension knows at build time. The sandbox build (`wxt build --mode
 * sandbox`) adds the local sandbox; the production build never contains localhost.
 */
export const BUILTIN_ADMIN_ORIGINS = ['https://app.gotphoto.com', 'https://app.fotograf.de'] as const;

export { SANDBOX_DEFAULT_ORIGIN };

// `bench` is the sandbox build plus the benchmark's reference page (bench/wxt-hook.ts).
export const IS_SANDBOX_BUILD = import.meta.env.MODE === 'sandbox' || import.meta.env.MODE === 'bench';

/** The origin the extension talks to until the user picks another in the options page. */
export const DEFAULT_ADMIN_ORIGIN: string = IS_SANDBOX_BUILD ? SANDBOX_DEFAULT_ORIGIN : BUILTIN_ADMIN_ORIGINS[0];

/** Host patterns for the manifest and the content script. */
export function adminHostPatterns(mode: string): string[] {
  const patterns = BUILTIN_ADMIN_ORIGINS.map((origin) => `${origin}/*`);
  if (mode === 'sandbox' || mode === 'bench') patterns.push('http://localhost/*', 'http://127.0.0.1/*');
  return patterns;
}
