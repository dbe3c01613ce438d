/**
 * Deterministic demo data for the sandbox admin site: realistic school, kindergarten, sports-club
 * and event jobs in DE, AT, NL and the US, generated from a seed with dates relative to `now`
 * (so there are always past, near and future deadlines). Pure: no clock, no I/O.
 */
import type { Job, JobStatus, NamedRef, SalesMethod } from '../lib/core/types';

/** mulberry32: a tiny, fast, seedable PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const PRICE_LISTS: readonly NamedRef[] = [
  { id: 'pl-101', name: 'Schulfotos Standard 2026' },
  { id: 'pl-102', name: 'Kita Basis' },
  { id: 'pl-103', name: 'Sport & Verein Teampaket' },
  { id: 'pl-104', name: 'Events — nur digital' },
  { id: 'pl-105', name: 'Schoolfoto Basis NL' },
  { id: 'pl-106', name: 'US Fall Packages' },
  { id: 'pl-107', name: 'US Spring Packages' },
  { id: 'pl-108', name: 'Prepay Picture Day Packages' },
];

export const AUTOMATED_CAMPAIGNS: readonly NamedRef[] = [
  { id: 'ac-201', name: 'Standard Schule (E-Mail)' },
  { id: 'ac-202', name: 'Kita Erinnerungen' },
  { id: 'ac-203', name: 'Verein & Sport' },
  { id: 'ac-204', name: 'NL Standaard campagne' },
  { id: 'ac-205', name: 'Picture Day Reminders (Email + SMS)' },
  { id: 'ac-206', name: 'Last chance before archiving' },
];

export type Country = 'DE' | 'AT' | 'NL' | 'US';
export type JobType = 'school' | 'kindergarten' | 'sports' | 'event';
export const JOB_TYPES: readonly JobType[] = ['school', 'kindergarten', 'sports', 'event'];

interface Org {
  name: string;
  short: string;
  type: JobType;
}

const ORGS: Record<Country, readonly Org[]> = {
  DE: [
    { name: 'Grundschule am Park', short: 'GS-Park', type: 'school' },
    { name: 'Grundschule Sonnenhügel', short: 'GS-Sonne', type: 'school' },
    { name: 'Gymnasium am Rosenberg', short: 'GYM-Rosen', type: 'school' },
    { name: 'Realschule Lindenhof', short: 'RS-Linden', type: 'school' },
    { name: 'Gesamtschule Nord', short: 'GES-Nord', type: 'school' },
    { name: 'Kita Sonnenschein', short: 'KITA-Sonne', type: 'kindergarten' },
    { name: 'Kita Regenbogen', short: 'KITA-Regen', type: 'kindergarten' },
    { name: 'Kindergarten Zwergenland', short: 'KIGA-Zwerg', type: 'kindergarten' },
    { name: 'Kita Pusteblume', short: 'KITA-Puste', type: 'kindergarten' },
    { name: 'TSV Eintracht 1898', short: 'TSV-Eintr', type: 'sports' },
    { name: 'SV Blau-Weiß Jugend', short: 'SVBW', type: 'sports' },
    { name: 'Tanzschule Müller & Söhne', short: 'TS-Mueller', type: 'event' },
    { name: 'Abiturjahrgang Goethe-Gymnasium', short: 'ABI-Goethe', type: 'event' },
  ],
  AT: [
    { name: 'Volksschule Mariahilf', short: 'VS-Maria', type: 'school' },
    { name: 'Mittelschule Graz-Andritz', short: 'MS-Andritz', type: 'school' },
    { name: 'BG/BRG Klosterneuburg', short: 'BRG-Kloster', type: 'school' },
    { name: 'Kindergarten Wienerwald', short: 'KG-Wiwa', type: 'kindergarten' },
    { name: 'SK Rapid Nachwuchs', short: 'SKR-NW', type: 'sports' },
    { name: 'Ballsaison Salzburg', short: 'BALL-SBG', type: 'event' },
  ],
  NL: [
    { name: 'Basisschool De Regenboog', short: 'BS-Regenb', type: 'school' },
    { name: 'OBS De Linde', short: 'OBS-Linde', type: 'school' },
    { name: "Het Baken 't Gooi", short: 'BAKEN', type: 'school' },
    { name: 'Kinderopvang Het Zonnetje', short: 'KO-Zon', type: 'kindergarten' },
    { name: 'VV Oranje', short: 'VVO', type: 'sports' },
    { name: 'Hockeyclub Amstel', short: 'HC-Amstel', type: 'sports' },
    { name: 'Koningsdag Utrecht', short: 'KD-UTR', type: 'event' },
  ],
  US: [
    { name: 'Lincoln Elementary', short: 'LE', type: 'school' },
    { name: 'Roosevelt Middle School', short: 'RMS', type: 'school' },
    { name: 'Maple Grove High School', short: 'MGHS', type: 'school' },
    { name: 'St. Mary’s Academy', short: 'SMA', type: 'school' },
    { name: 'Little Sprouts Preschool', short: 'LSP', type: 'kindergarten' },
    { name: 'Bright Horizons Early Learning', short: 'BHEL', type: 'kindergarten' },
    { name: 'Westside Youth Soccer', short: 'WYS', type: 'sports' },
    { name: 'Eagles Little League', short: 'ELL', type: 'sports' },
    { name: 'Spring Valley Dance Recital', short: 'SVDR', type: 'event' },
  ],
};

/** Job name patterns per country and type; `{org}` and `{year}` are filled in, `code` suffixes the internal name. */
const NAME_PATTERNS: Record<Country, Record<JobType, readonly { name: string; code: string }[]>> = {
  DE: {
    school: [
      { name: '{org} — Klassenfotos {year}', code: 'K' },
      { name: '{org} Einzel- & Geschwisterfotos {year}', code: 'E' },
      { name: '{org} Herbst {year}', code: 'H' },
      { name: '{org} Abschlussfotos {year}', code: 'A' },
    ],
    kindergarten: [
      { name: '{org} Frühling', code: 'F' },
      { name: '{org} Gruppenfotos {year}', code: 'G' },
      { name: '{org} Herbstfotos {year}', code: 'H' },
    ],
    sports: [
      { name: '{org} — Mannschaftsfotos {year}', code: 'M' },
      { name: '{org} Saison {year}/{next}', code: 'S' },
    ],
    event: [
      { name: '{org} Ball {year}', code: 'B' },
      { name: '{org} Sommerfest {year}', code: 'SF' },
    ],
  },
  AT: {
    school: [
      { name: '{org} Schulfotos {year}', code: 'S' },
      { name: '{org} — Klassenfotos {year}', code: 'K' },
    ],
    kindergarten: [
      { name: '{org} Frühling {year}', code: 'F' },
      { name: '{org} Portraits', code: 'P' },
    ],
    sports: [{ name: '{org} Teamfotos {year}', code: 'T' }],
    event: [{ name: '{org} {year}', code: 'E' }],
  },
  NL: {
    school: [
      { name: "{org} Schoolfoto's {year}", code: 'SF' },
      { name: "{org} Klassenfoto's najaar {year}", code: 'KN' },
    ],
    kindergarten: [{ name: "{org} Voorjaar {year}", code: 'VJ' }],
    sports: [
      { name: "{org} Jeugd teamfoto's", code: 'JT' },
      { name: "{org} Teamfoto's {year}-{next}", code: 'TF' },
    ],
    event: [{ name: "{org} {year} — foto's", code: 'EV' }],
  },
  US: {
    school: [
      { name: '{org} Fall Portraits {year}', code: 'FALL' },
      { name: '{org} Spring Pictures {year}', code: 'SPR' },
      { name: '{org} Picture Day Retakes', code: 'RT' },
      { name: '{org} Class of {year} Seniors', code: 'SR' },
    ],
    kindergarten: [
      { name: '{org} Fall Portraits {year}', code: 'FALL' },
      { name: '{org} Spring Mini Sessions', code: 'MINI' },
    ],
    sports: [
      { name: '{org} Team & Individual Photos {year}', code: 'TEAM' },
      { name: '{org} Spring Season {year}', code: 'SS' },
    ],
    event: [{ name: '{org} {year}', code: 'EV' }],
  },
};

const DEFAULT_COUNTRY_WEIGHTS: Record<Country, number> = { DE: 35, AT: 12, NL: 18, US: 35 };

export interface GenerateOptions {
  /** The first job ID is about this number; IDs then increase. Give accounts different bases. */
  idBase?: number;
  /** Which countries to draw from (weights keep their defaults). */
  countries?: readonly Country[];
}

const DAY = 86_400_000;

function isoDate(now: Date, offsetDays: number): string {
  return new Date(now.getTime() + offsetDays * DAY).toISOString().slice(0, 10);
}

/**
 * `count` jobs, identical for the same `(count, seed, now, options)`. The first jobs cover every
 * status and sales method so that even a small sandbox shows them all.
 */
export function generateJobs(count: number, seed: number, now: Date, options: GenerateOptions = {}): Job[] {
  const rand = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const chance = (p: number) => rand() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;

  const countries = options.countries ?? (Object.keys(DEFAULT_COUNTRY_WEIGHTS) as Country[]);
  const totalWeight = countries.reduce((sum, c) => sum + DEFAULT_COUNTRY_WEIGHTS[c], 0);
  const pickCountry = (): Country => {
    let r = rand() * totalWeight;
    for (const c of countries) {
      r -= DEFAULT_COUNTRY_WEIGHTS[c];
      if (r < 0) return c;
    }
    return countries[countries.length - 1] as Country;
  };

  // Forced combinations for the first jobs: every status and every sales method appears.
  const usAllowed = countries.includes('US');
  const forced: { status: JobStatus; salesMethod: SalesMethod }[] = [
    { status: 'planning', salesMethod: 'proofing' },
    { status: 'selling', salesMethod: 'proofing' },
    { status: 'archived', salesMethod: 'proofing' },
    ...(usAllowed
      ? ([
          { status: 'prepay', salesMethod: 'prepay' },
          { status: 'planning', salesMethod: 'prepay_plus' },
          { status: 'planning', salesMethod: 'prepay' },
          { status: 'selling', salesMethod: 'prepay_plus' },
        ] as const)
      : []),
  ];

  const jobs: Job[] = [];
  let nextId = (options.idBase ?? 100_000) + int(0, 4_999);
  const nowMs = now.getTime();

  for (let i = 0; i < count; i++) {
    const force = forced[i];
    let country = pickCountry();
    if (force && force.salesMethod !== 'proofing') country = 'US';

    let salesMethod: SalesMethod = 'proofing';
    if (country === 'US') {
      const r = rand();
      salesMethod = r < 0.4 ? 'proofing' : r < 0.75 ? 'prepay' : 'prepay_plus';
    } else {
      rand(); // keep the draw count per job independent of the country
    }
    if (force) salesMethod = force.salesMethod;
    const prepayMethod = salesMethod !== 'proofing';

    const org = pick(ORGS[country]);
    const pattern = pick(NAME_PATTERNS[country][org.type]);

    // Shoot date from ~14 months ago to ~4 months ahead; the status follows from it.
    let shootOffset = int(-420, 120);
    let status: JobStatus;
    if (shootOffset > 7) {
      status = prepayMethod && chance(0.55) ? 'prepay' : 'planning';
    } else if (shootOffset > -21) {
      const r = rand();
      status = r < 0.45 ? 'planning' : prepayMethod && r < 0.6 ? 'prepay' : 'selling';
    } else if (shootOffset > -150) {
      const r = rand();
      status = r < 0.08 ? 'planning' : r < 0.72 ? 'selling' : 'archived';
    } else {
      status = chance(0.25) ? 'selling' : 'archived';
    }
    if (force) {
      status = force.status;
      if (status === 'planning' || status === 'prepay') shootOffset = int(8, 90);
      else if (status === 'selling') shootOffset = int(-60, -10);
      else shootOffset = int(-300, -120);
    }

    const shootDate = isoDate(now, shootOffset);
    const year = Number(shootDate.slice(0, 4));
    const name = pattern.name
      .replace('{org}', org.name)
      .replace('{year}', String(year))
      .replace('{next}', String(year + 1).slice(2));
    const internalName = chance(0.1) ? '' : `${org.short}-${String(year).slice(2)}-${pattern.code}`;

    const shotAlready = shootOffset <= 0;
    const photosUploaded =
      status === 'planning' ? (shotAlready && chance(0.6) ? int(40, 900) : 0) : chance(0.05) ? 0 : int(30, 1200);
    const codesTotal = chance(0.04) ? 0 : int(15, 650);
    let codesActivated = 0;
    if (codesTotal > 0) {
      if (status === 'planning') codesActivated = chance(0.3) ? codesTotal : 0;
      else if (status === 'prepay') codesActivated = chance(0.7) ? codesTotal : int(0, codesTotal);
      else {
        const r = rand();
        codesActivated = r < 0.8 ? codesTotal : r < 0.9 ? 0 : int(1, codesTotal - 1 || 1);
      }
    }

    // Archiving: mostly on, with deadlines some weeks after the shoot (often already past).
    const archivingEnabled = status === 'archived' ? chance(0.9) : chance(0.72);
    const archiveOffset = shootOffset + int(21, 100);
    const archiving = archivingEnabled
      ? { enabled: true, deadline: isoDate(now, archiveOffset), delayDays: int(0, 3) }
      : { enabled: false, deadline: null, delayDays: null };

    const prepayDeadline = prepayMethod ? isoDate(now, shootOffset - int(2, 14)) : null;

    const priceList = chance(0.82) ? pickPriceList(country, org.type, salesMethod, pick) : null;
    const automatedCampaign = chance(0.7) ? pickCampaign(country, org.type, pick) : null;
    const watermark = chance(0.7);
    const couponEnabled = chance(0.4);
    const coupon = couponEnabled
      ? { enabled: true, deadline: isoDate(now, shootOffset + int(10, 40)) }
      : { enabled: false, deadline: null };

    let loginRate = 0;
    if (codesActivated > 0 && status !== 'planning') {
      loginRate = status === 'archived' ? 0.45 + rand() * 0.5 : 0.05 + rand() * 0.9;
    } else {
      rand();
    }
    loginRate = Math.round(loginRate * 100) / 100;

    // Last changed some time in the last 60 days, never in the future.
    const updatedAt = new Date(nowMs - int(1_000, 60 * DAY)).toISOString();

    jobs.push({
      id: String(nextId),
      name,
      internalName,
      organization: org.name,
      jobType: org.type,
      salesMethod,
      status,
      version: int(1, 14),
      updatedAt,
      shootDate,
      archiving,
      prepayDeadline,
      priceList,
      automatedCampaign,
      watermark,
      coupon,
      photos: { uploaded: photosUploaded },
      accessCodes: { total: codesTotal, activated: codesActivated },
      loginRate,
    });
    nextId += int(1, 9);
  }
  return jobs;
}

function pickPriceList(
  country: Country,
  type: JobType,
  salesMethod: SalesMethod,
  pick: <T>(items: readonly T[]) => T,
): NamedRef {
  const byId = (id: string) => PRICE_LISTS.find((p) => p.id === id) as NamedRef;
  if (country === 'US') return salesMethod === 'proofing' ? byId(pick(['pl-106', 'pl-107'])) : byId('pl-108');
  if (country === 'NL') return byId('pl-105');
  if (type === 'kindergarten') return byId('pl-102');
  if (type === 'sports') return byId('pl-103');
  if (type === 'event') return byId('pl-104');
  return byId('pl-101');
}

function pickCampaign(country: Country, type: JobType, pick: <T>(items: readonly T[]) => T): NamedRef {
  const byId = (id: string) => AUTOMATED_CAMPAIGNS.find((c) => c.id === id) as NamedRef;
  if (country === 'US') return byId(pick(['ac-205', 'ac-206']));
  if (country === 'NL') return byId('ac-204');
  if (type === 'kindergarten') return byId('ac-202');
  if (type === 'sports') return byId('ac-203');
  return byId(pick(['ac-201', 'ac-206']));
}
