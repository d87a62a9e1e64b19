// The one place that knows how each fact kind names its dimensions in the store (facts.dims). Templates
// and the console use the logical names on the left; a store-side rename changes only the right side.
import { CHANNEL_NAMES } from "../ports.ts";
import { CASE_OUTCOMES } from "../cases/ports.ts";
import { CLUB_KINDS } from "../clubs/ports.ts";
import { REFERRAL_STATUSES, SERVICE_KINDS } from "../referral/ports.ts";
import type { FactKind } from "./ports.ts";

export const DIMS = {
  priority: "priority",
  concern: "concern",
  subject: "subject",
  channel: "channel",
  outcome: "outcome",
  serviceKind: "kind",
  status: "status",
  origin: "origin",
  reason: "reason",
  about: "about",
  answer: "answer",
  club: "club",
  clubKind: "clubKind",
  audience: "audience",
} as const;

export type DimName = keyof typeof DIMS;

/** The dimensions each kind carries (ports.ts FACT_KINDS); a template may filter or break down only by these. */
export const DIMS_BY_KIND: Readonly<Record<FactKind, readonly DimName[]>> = {
  "case.opened": ["priority", "concern", "subject", "channel"],
  "case.first_reply": ["priority", "concern"],
  "case.crisis_claimed": ["concern"],
  "case.closed": ["concern", "outcome"],
  "referral.status": ["serviceKind", "status", "origin", "reason"],
  "referral.loan_amount": ["serviceKind"],
  "followup.answered": ["about", "answer"],
  "meeting.held": ["club", "clubKind"],
  "meeting.participants": ["club", "clubKind"],
  "broadcast.delivered": ["audience", "channel", "club"],
};

/** Where the console finds a dimension value's label (`<prefix><value>`); values without one show as they are. */
export const DIM_VALUE_LABELS: Readonly<Partial<Record<DimName, (value: string) => string>>> = {
  priority: (v) => `console:priority.${v === "0" ? "crisis" : v === "1" ? "high" : "normal"}`,
  concern: (v) => `console:concern.${v}`,
  outcome: (v) => `console:outcome.${v}`,
  channel: (v) => `console:channel.${v}`,
  serviceKind: (v) => `directory:kind.${v}`,
  status: (v) => `directory:referrals.status.${v}`,
  reason: (v) => `directory:referrals.reason.${v}`,
  clubKind: (v) => `clubs:console.kinds.${v}`,
  audience: (v) => `broadcasts:console.audiences.${v}`,
  about: (v) => `reports:values.about.${v}`,
};

/** The values a template may filter on, where the set is closed (a typo would otherwise count nothing, silently). */
export const DIM_VALUES: Readonly<Partial<Record<DimName, ReadonlyArray<string | number>>>> = {
  priority: [0, 1, 2],
  outcome: CASE_OUTCOMES,
  channel: CHANNEL_NAMES,
  serviceKind: SERVICE_KINDS,
  status: REFERRAL_STATUSES,
  clubKind: CLUB_KINDS,
  about: ["referral", "club"],
};
