/**
 * The message catalog: one JSON file per area and locale under `locales/<lang>/`, merged into
 * the browser's `_locales/<lang>/messages.json` at build time (wxt.config.ts). Areas keep
 * parallel work from colliding in one file; keys are unique across areas.
 */
import enCommon from '../../locales/en/common.json';
import enPopup from '../../locales/en/popup.json';
import enPage from '../../locales/en/page.json';
import enOptions from '../../locales/en/options.json';
import enReasons from '../../locales/en/reasons.json';

export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];

/** The English catalog is the reference: its keys are the MessageKey type. */
// Pure, so bundles that never read it (production: the browser has the messages) drop the strings.
export const EN_MESSAGES = /* @__PURE__ */ (() => ({ ...enCommon, ...enPopup, ...enPage, ...enOptions, ...enReasons }) as const)();

export type MessageKey = keyof typeof EN_MESSAGES;
