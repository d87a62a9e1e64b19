// The referral directory (shaped after Open Referral HSDS 3.0) and closed-loop referrals: the records
// the core works with and the two store ports. The store implements them and decides nothing.
/** Kinds of service; the chat's needs (needs.ts) group them. */
export const SERVICE_KINDS = [
  "self_help_group",
  "family_club",
  "job_introduction",
  "vocational_training",
  "loan",
  "methadone",
  "rehab",
  "mental_health",
  "harm_reduction",
  "hiv_testing",
  "legal_aid",
  "shelter",
  "hotline",
] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** HSDS service.status. */
export const SERVICE_STATUSES = ["active", "inactive", "defunct", "temporarily_closed"] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

export const SERVICE_COSTS = ["free", "fee", "loan"] as const;
export type ServiceCost = (typeof SERVICE_COSTS)[number];

/** HSDS service_area, from the 2025 administrative units. */
export const AREA_SCOPES = ["national", "province", "ward"] as const;
export type AreaScope = (typeof AREA_SCOPES)[number];

/** A listing not confirmed for this long is flagged in the console. */
export const UNCONFIRMED_AFTER_DAYS = 180;
/** Follow-up after acceptance when the service sets none: 7 days, longer where getting in takes longer. */
export const DEFAULT_FOLLOW_UP_DAYS = 7;
export const FOLLOW_UP_DAYS_BY_KIND: Readonly<Partial<Record<ServiceKind, number>>> = { loan: 14, vocational_training: 14, job_introduction: 10 };

export interface ServiceArea {
  scope: AreaScope;
  provinceCode: number | null;
  wardCode: number | null;
}

export interface ServiceLocation {
  address: string;
  provinceCode: number | null;
  wardCode: number | null;
  latitude: number | null;
  longitude: number | null;
}

export interface OrganizationInput {
  name: string;
  website: string | null;
  email: string | null;
}

/** Everything a listing holds, as the console form and the CSV import give it. */
export interface ServiceInput {
  code: string;
  organization: OrganizationInput;
  name: string;
  kind: ServiceKind;
  descriptionVi: string;
  descriptionEn: string;
  eligibility: string;
  minAge: number | null;
  maxAge: number | null;
  cost: ServiceCost;
  costNote: string;
  languages: string[];
  confidential: boolean;
  status: ServiceStatus;
  takingReferrals: boolean;
  schedule: string;
  phone: string;
  zalo: string;
  followUpDays: number | null;
  lastConfirmedAt: Date;
  isSample: boolean;
  locations: ServiceLocation[];
  areas: ServiceArea[];
}

export interface ServiceRecord extends ServiceInput {
  id: string;
  organizationId: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface DirectoryFilter {
  kind?: ServiceKind;
  status?: ServiceStatus;
  /** Services with an area or a location in this province (national ones included). */
  provinceCode?: number;
  /** Folded words matched against name, organisation and code. */
  text?: string;
  /** Only listings last confirmed before this date. */
  confirmedBefore?: Date;
  limit: number;
}

export interface DirectoryStore {
  listServices(filter: DirectoryFilter): Promise<ServiceRecord[]>;
  getService(id: string): Promise<ServiceRecord | null>;
  getServicesByCode(codes: string[]): Promise<ServiceRecord[]>;
  /** Creates or replaces a listing (its locations and areas); the organisation is found or created by name. */
  saveService(input: ServiceInput & { id?: string }): Promise<ServiceRecord>;
  /** Saves every listing by code in one transaction: all or nothing. */
  importServices(inputs: ServiceInput[]): Promise<{ created: number; updated: number }>;
  setStatus(id: string, status: ServiceStatus, now: Date): Promise<boolean>;
  /** Active listings of these kinds that serve the province (any of its wards), or the whole country. */
  findCandidates(input: { kinds: readonly ServiceKind[]; provinceCode: number | null }): Promise<ServiceRecord[]>;
  /** Referral counts by final status, per service, for the directory's "outcomes" column. */
  outcomeCounts(serviceIds: string[]): Promise<Map<string, Partial<Record<ReferralStatus, number>>>>;
}

// ─── Referrals ────────────────────────────────────────────────────────────

/** offered → accepted → contacted → attended, or one of the endings. */
export const REFERRAL_STATUSES = [
  "offered",
  "accepted",
  "contacted",
  "attended",
  "declined",
  "could_not_contact",
  "not_eligible",
  "no_capacity",
  "no_longer_needed",
  "expired",
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export const OPEN_REFERRAL_STATUSES: readonly ReferralStatus[] = ["offered", "accepted", "contacted"];

export type ReferralOrigin = "chat" | "counsellor";
export type ReferralActorKind = "person" | "staff" | "system";

export interface ReferralEventRecord {
  status: ReferralStatus;
  actorKind: ReferralActorKind;
  actorId: string | null;
  /** The staff member's display name when a staff member made the change. */
  actorName: string | null;
  reason: string | null;
  at: Date;
}

export interface ReferralRecord {
  id: string;
  personId: string;
  caseId: string | null;
  service: Pick<ServiceRecord, "id" | "code" | "name" | "kind" | "phone" | "zalo" | "confidential" | "followUpDays"> & { organization: string };
  status: ReferralStatus;
  origin: ReferralOrigin;
  provinceCode: number | null;
  note: string | null;
  acceptedAt: Date | null;
  followUpAttempts: number;
  nextFollowUpAt: Date | null;
  createdAt: Date;
  events: ReferralEventRecord[];
}

export interface NewReferral {
  personId: string;
  caseId: string | null;
  serviceId: string;
  status: ReferralStatus;
  origin: ReferralOrigin;
  provinceCode: number | null;
  note: string | null;
  acceptedAt: Date | null;
  nextFollowUpAt: Date | null;
  actor: { kind: ReferralActorKind; id: string | null };
  now: Date;
}

export interface ReferralChange {
  status: ReferralStatus;
  actor: { kind: ReferralActorKind; id: string | null };
  reason?: string | null;
  acceptedAt?: Date | null;
  nextFollowUpAt?: Date | null;
  followUpAttempts?: number;
  /** Links the referral to a case (one opened for it after a follow-up). */
  caseId?: string;
  now: Date;
}

export interface ReferralStore {
  createReferral(input: NewReferral): Promise<ReferralRecord>;
  getReferral(id: string): Promise<ReferralRecord | null>;
  /** Newest first. */
  listForCase(caseId: string): Promise<ReferralRecord[]>;
  listForPerson(personId: string): Promise<ReferralRecord[]>;
  /** Sets the status (recording who and when) unless it is already `status` with nothing else changing. */
  changeReferral(id: string, change: ReferralChange): Promise<void>;
  /** Referrals whose follow-up is due at `now`. */
  dueFollowUps(now: Date, limit: number): Promise<ReferralRecord[]>;
  /**
   * Takes follow-up number `attempt + 1` (attempts becomes attempt + 1, the next check `nextAt`) when
   * nobody took it yet: false when another run did, so each (referral, attempt) is asked once.
   */
  claimFollowUp(id: string, attempt: number, nextAt: Date): Promise<boolean>;
  /** Moves (or, with null, cancels) the next follow-up without a status change. */
  planFollowUp(id: string, nextAt: Date | null): Promise<void>;
}
