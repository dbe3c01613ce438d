import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  applySettingsPatch,
  defaultSettings,
  migrateSettings,
  SETTINGS_VERSION,
  SettingsPatchSchema,
  settingsChangeEffect,
} from '../../../lib/settings/settings';

describe('migrateSettings', () => {
  it('gives the defaults for nothing stored or for garbage', () => {
    for (const raw of [undefined, null, 42, 'settings', [], true]) expect(migrateSettings(raw)).toEqual(defaultSettings());
  });

  it('keeps a valid current record as it is', () => {
    const stored = {
      version: SETTINGS_VERSION,
      adminOrigin: 'https://admin.example.com',
      customOrigins: ['https://admin.example.com'],
      checklist: { watermark: 'hidden', 'price-list': 'recommended' },
      syncIntervalMinutes: 15,
      badgeEnabled: false,
    };
    expect(migrateSettings(stored)).toEqual(stored);
  });

  it('upgrades a record written before settings had a version (v0)', () => {
    const v0 = { adminOrigin: 'https://app.fotograf.de', syncIntervalMinutes: 10 };
    expect(migrateSettings(v0)).toEqual({ ...defaultSettings(), adminOrigin: 'https://app.fotograf.de', syncIntervalMinutes: 10, version: SETTINGS_VERSION });
  });

  it('reads a record from a newer version field by field instead of refusing it (downgrade)', () => {
    const future = { ...defaultSettings(), version: SETTINGS_VERSION + 1, badgeEnabled: false, somethingNew: { x: 1 } };
    const migrated = migrateSettings(future);
    expect(migrated.version).toBe(SETTINGS_VERSION);
    expect(migrated.badgeEnabled).toBe(false);
    expect(migrated).not.toHaveProperty('somethingNew');
  });

  it('replaces each invalid field with its default and keeps the valid ones', () => {
    const migrated = migrateSettings({
      adminOrigin: 'https://app.gotphoto.com/jobs',
      syncIntervalMinutes: 0,
      badgeEnabled: 'yes',
      checklist: { watermark: 'hidden' },
    });
    expect(migrated.adminOrigin).toBe(defaultSettings().adminOrigin);
    expect(migrated.syncIntervalMinutes).toBe(defaultSettings().syncIntervalMinutes);
    expect(migrated.badgeEnabled).toBe(true);
    expect(migrated.checklist).toEqual({ watermark: 'hidden' });
  });

  it('salvages custom origins one by one: one damaged entry never drops the others', () => {
    const migrated = migrateSettings({
      customOrigins: ['https://a.example.com', 'not a url', 42, 'https://b.example.com/path', 'https://a.example.com', 'https://c.example.com'],
    });
    expect(migrated.customOrigins).toEqual(['https://a.example.com', 'https://c.example.com']);
  });

  it('caps custom origins at 20', () => {
    const many = Array.from({ length: 30 }, (_, i) => `https://a${i}.example.com`);
    expect(migrateSettings({ customOrigins: many }).customOrigins).toEqual(many.slice(0, 20));
  });

  it('salvages checklist overrides one by one: unknown items and severities are dropped', () => {
    const migrated = migrateSettings({
      checklist: { watermark: 'hidden', 'price-list': 'optional', 'no-such-item': 'critical', coupon: 'critical', __proto__: { photos: 'hidden' } },
    });
    expect(migrated.checklist).toEqual({ watermark: 'hidden', coupon: 'critical' });
    expect(migrateSettings({ checklist: ['hidden'] }).checklist).toEqual({});
  });

  it('never throws, and always returns settings the patch schema accepts', () => {
    const recordish = fc.record(
      {
        version: fc.anything(),
        adminOrigin: fc.oneof(fc.webUrl(), fc.string(), fc.anything()),
        customOrigins: fc.oneof(fc.array(fc.oneof(fc.webUrl(), fc.string())), fc.anything()),
        checklist: fc.oneof(fc.dictionary(fc.string(), fc.string()), fc.anything()),
        syncIntervalMinutes: fc.oneof(fc.integer(), fc.double(), fc.anything()),
        badgeEnabled: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(recordish, fc.anything()), (raw) => {
        const settings = migrateSettings(raw);
        expect(settings.version).toBe(SETTINGS_VERSION);
        const { version: _version, ...fields } = settings;
        expect(v.safeParse(SettingsPatchSchema, fields).success).toBe(true);
        expect(migrateSettings(settings)).toEqual(settings);
      }),
    );
  });
});

describe('applySettingsPatch', () => {
  it('changes only the fields in the patch', () => {
    const next = applySettingsPatch(defaultSettings(), { badgeEnabled: false });
    expect(next).toEqual({ ...defaultSettings(), badgeEnabled: false });
  });

  it('replaces the checklist overrides as a whole (the options page sends the full map)', () => {
    const before = applySettingsPatch(defaultSettings(), { checklist: { watermark: 'hidden' } });
    expect(applySettingsPatch(before, { checklist: { coupon: 'critical' } }).checklist).toEqual({ coupon: 'critical' });
    expect(applySettingsPatch(before, { checklist: {} }).checklist).toEqual({});
  });
});

describe('settingsChangeEffect', () => {
  const before = defaultSettings();

  it('fetches nothing for the badge switch or the checklist severities', () => {
    expect(settingsChangeEffect(before, { ...before, badgeEnabled: !before.badgeEnabled })).toEqual({ resync: false, reschedule: false });
    expect(settingsChangeEffect(before, { ...before, checklist: { ...before.checklist, photos: 'recommended' } })).toEqual({ resync: false, reschedule: false });
    expect(settingsChangeEffect(before, { ...before, customOrigins: ['https://admin.example.com'] })).toEqual({ resync: false, reschedule: false });
  });

  it('moves only the alarm for another interval, and syncs again for another admin site', () => {
    expect(settingsChangeEffect(before, { ...before, syncIntervalMinutes: before.syncIntervalMinutes + 5 })).toEqual({ resync: false, reschedule: true });
    expect(settingsChangeEffect(before, { ...before, adminOrigin: 'https://admin.example.com' })).toEqual({ resync: true, reschedule: false });
  });
});
