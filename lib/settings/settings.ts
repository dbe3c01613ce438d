import * as v from 'valibot';
import { BUILTIN_ADMIN_ORIGINS, DEFAULT_ADMIN_ORIGIN } from '../env/origins';
import { GO_LIVE_ITEM_IDS, PREPAY_ITEM_IDS, type ChecklistSettings } from '../core/types';

/**
 * The user's settings, stored in `browser.storage.local` under `settings` with a version.
 * Reading is forgiving: a field that is missing or invalid falls back to its default, so a
 * damaged or older record never locks the user out; `migrateSettings` upgrades older versions.
 */
export const SETTINGS_VERSION = 1;
export const SETTINGS_KEY = 'settings';

export interface Settings {
  version: typeof SETTINGS_VERSION;
  /** The admin site the extension syncs with. */
  adminOrigin: string;
  /** Extra https origins the user granted (beyond the built-in ones). */
  customOrigins: string[];
  checklist: ChecklistSettings;
  syncIntervalMinutes: number;
  badgeEnabled: boolean;
}

/** Every origin the extension acts on: the built-in admin sites, the user's own, and the one it syncs with. */
export function adminOriginsOf(settings: Pick<Settings, 'adminOrigin' | 'customOrigins'>): string[] {
  return [...new Set<string>([...BUILTIN_ADMIN_ORIGINS, ...settings.customOrigins, settings.adminOrigin])];
}

export function defaultSettings(): Settings {
  return {
    version: SETTINGS_VERSION,
    adminOrigin: DEFAULT_ADMIN_ORIGIN,
    customOrigins: [],
    checklist: {},
    syncIntervalMinutes: 5,
    badgeEnabled: true,
  };
}

const CHECKLIST_IDS = [...new Set([...GO_LIVE_ITEM_IDS, ...PREPAY_ITEM_IDS])];

export const OriginSchema = v.pipe(
  v.string(),
  v.maxLength(200),
  v.check((value) => {
    try {
      const url = new URL(value);
      return url.origin === value && (url.protocol === 'https:' || url.protocol === 'http:');
    } catch {
      return false;
    }
  }, 'must be an origin such as https://app.gotphoto.com'),
);

const SeveritySettingSchema = v.picklist(['critical', 'recommended', 'hidden']);
const ChecklistIdSchema = v.picklist(CHECKLIST_IDS);
const MAX_CUSTOM_ORIGINS = 20;

export const SettingsPatchSchema = v.strictObject({
  adminOrigin: v.optional(OriginSchema),
  customOrigins: v.optional(v.pipe(v.array(OriginSchema), v.maxLength(MAX_CUSTOM_ORIGINS))),
  checklist: v.optional(v.record(ChecklistIdSchema, SeveritySettingSchema)),
  syncIntervalMinutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(240))),
  badgeEnabled: v.optional(v.boolean()),
});
export type SettingsPatch = v.InferOutput<typeof SettingsPatchSchema>;

/** Turns whatever is stored into valid current settings, field by field. */
export function migrateSettings(raw: unknown): Settings {
  const settings = defaultSettings();
  if (typeof raw !== 'object' || raw === null) return settings;
  const record = raw as Record<string, unknown>;
  const fields = SettingsPatchSchema.entries;
  const pick = <K extends keyof typeof fields>(key: K) => {
    const result = v.safeParse(fields[key], record[key]);
    return result.success ? result.output : undefined;
  };
  const adminOrigin = pick('adminOrigin');
  if (adminOrigin) settings.adminOrigin = adminOrigin;
  // Lists and maps are salvaged entry by entry: one damaged custom origin must not drop the
  // others (the background would then unregister their content scripts and revoke their access).
  settings.customOrigins = pickEach(record.customOrigins);
  settings.checklist = pickSeverities(record.checklist);
  settings.syncIntervalMinutes = pick('syncIntervalMinutes') ?? settings.syncIntervalMinutes;
  settings.badgeEnabled = pick('badgeEnabled') ?? settings.badgeEnabled;
  return settings;
}

function pickEach(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  const valid = raw.filter((entry): entry is string => v.is(OriginSchema, entry));
  return [...new Set(valid)].slice(0, MAX_CUSTOM_ORIGINS);
}

function pickSeverities(raw: unknown): ChecklistSettings {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const checklist: ChecklistSettings = {};
  for (const [id, severity] of Object.entries(raw)) {
    if (v.is(ChecklistIdSchema, id) && v.is(SeveritySettingSchema, severity)) checklist[id] = severity;
  }
  return checklist;
}

export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  return migrateSettings({ ...current, ...patch });
}

/**
 * What a settings change asks of the background. Only another admin origin needs the jobs
 * fetched again; another interval only moves the sync alarm; checklist severities are applied
 * to the cached jobs where they are read. Anything else (the badge switch) fetches nothing.
 */
export function settingsChangeEffect(previous: Settings, next: Settings): { resync: boolean; reschedule: boolean } {
  return {
    resync: previous.adminOrigin !== next.adminOrigin,
    reschedule: previous.syncIntervalMinutes !== next.syncIntervalMinutes,
  };
}
