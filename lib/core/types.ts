/**
 * The domain types of DESIGN.md §2–§3. `Job` mirrors the admin API contract exactly; the
 * response schemas in lib/admin-api are checked against these types at compile time.
 *
 * Dates: `shootDate`, `archiving.deadline`, `prepayDeadline` and `coupon.deadline` are
 * calendar dates (`YYYY-MM-DD`) or full ISO timestamps; `updatedAt` is an ISO timestamp.
 * See lib/core/dates.ts for how they are compared.
 */

export const JOB_STATUSES = ['planning', 'prepay', 'selling', 'archived'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const SALES_METHODS = ['proofing', 'prepay', 'prepay_plus'] as const;
export type SalesMethod = (typeof SALES_METHODS)[number];

export interface NamedRef {
  id: string;
  name: string;
}

export interface Job {
  id: string;
  name: string;
  internalName: string;
  organization: string;
  jobType: string;
  salesMethod: SalesMethod;
  status: JobStatus;
  version: number;
  updatedAt: string;
  shootDate: string | null;
  archiving: { enabled: boolean; deadline: string | null; delayDays: number | null };
  prepayDeadline: string | null;
  priceList: NamedRef | null;
  automatedCampaign: NamedRef | null;
  watermark: boolean;
  coupon: { enabled: boolean; deadline: string | null };
  photos: { uploaded: number };
  accessCodes: { total: number; activated: number };
  loginRate: number;
}

export interface Account {
  id: string;
  name: string;
  features: { prepay: boolean };
  invoiceSettingsComplete: boolean;
}

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: string;
}

export interface Session {
  user: SessionUser;
  account: Account;
  csrfToken: string;
}

export type Severity = 'critical' | 'recommended';
/** What the user may set per checklist item in the options page. */
export type SeveritySetting = Severity | 'hidden';

export const GO_LIVE_ITEM_IDS = [
  'price-list',
  'photos',
  'access-codes',
  'archive-deadline-future',
  'invoice-settings',
  'archive-date',
  'automated-campaign',
  'watermark',
  'coupon',
] as const;
export const PREPAY_ITEM_IDS = ['price-list', 'prepay-deadline', 'automated-campaign', 'coupon'] as const;

export type ChecklistItemId = (typeof GO_LIVE_ITEM_IDS)[number] | (typeof PREPAY_ITEM_IDS)[number];
export type ChecklistKind = 'go-live' | 'prepay';

/** Per-item severity overrides; items not named keep their default severity. */
export type ChecklistSettings = Partial<Record<ChecklistItemId, SeveritySetting>>;
