/**
 * Where the sandbox admin site runs by default (`npm start`, `npm run sandbox`) and where the
 * sandbox build of the extension points out of the box. Plain data, so Node scripts run by tsx
 * (no Vite, no import.meta.env) can read it too.
 */
export const SANDBOX_DEFAULT_ORIGIN = 'http://127.0.0.1:5199';
export const SANDBOX_DEFAULT_PORT = Number(new URL(SANDBOX_DEFAULT_ORIGIN).port);
