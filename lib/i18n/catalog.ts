/**
 * The message catalog: one JSON file per area and locale under `locales/<lang>/`, merged into
 * the browser's `_locales/<lang>/messages.json` at build time (wxt.config.ts). Areas keep
 * parallel work from colliding in one file; keys are unique across areas.
 */
import enCommon from '../../locales/en/common.json';

export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];

/** The English catalog is the reference: its keys are the MessageKey type. */
export const EN_MESSAGES = { ...enCommon } as const;

export type MessageKey = keyof typeof EN_MESSAGES;
