// Closed-loop referrals: a person choosing a service in the chat, a counsellor sending services from a
// case, and status changes with who made them. Follow-ups are planned here and asked by the job.
import { AppError } from "../../shared/errors/app-error.ts";
import { canActOnCase } from "../staff/access.ts";
import type { CaseDetail, CaseRecord, ReferralRecord, ReferralStatus, ReferralStore, ServiceRecord, StaffRecord, Stores } from "../ports.ts";
import { DEFAULT_FOLLOW_UP_DAYS, FOLLOW_UP_DAYS_BY_KIND, REFERRAL_STATUSES } from "./ports.ts";
import { followUpAt } from "./follow-up-time.ts";

/** Statuses a counsellor may set from the case page. */
export const STAFF_SETTABLE: readonly ReferralStatus[] = REFERRAL_STATUSES.filter((s) => s !== "offered");
export const NOTE_MAX = 1000;

/** The service's own delay, else its kind's, else DEFAULT_FOLLOW_UP_DAYS. */
export const followUpDays = (s: Pick<ServiceRecord, "followUpDays" | "kind">): number =>
  s.followUpDays ?? FOLLOW_UP_DAYS_BY_KIND[s.kind] ?? DEFAULT_FOLLOW_UP_DAYS;

/** The person chose a service ("I want to go"): an accepted referral with a follow-up planned. */
export async function acceptFromChat(
  d: { stores: Pick<Stores, "referrals" | "cases"> },
  o: { personId: string; service: ServiceRecord; provinceCode: number | null; now: Date },
): Promise<ReferralRecord> {
  const open: CaseRecord | null = await d.stores.cases.findOpenCase(o.personId);
  return d.stores.referrals.createReferral({
    personId: o.personId,
    caseId: open?.id ?? null,
    serviceId: o.service.id,
    status: "accepted",
    origin: "chat",
    provinceCode: o.provinceCode ?? open?.provinceCode ?? null,
    note: null,
    acceptedAt: o.now,
    nextFollowUpAt: followUpAt(o.now, followUpDays(o.service)),
    actor: { kind: "person", id: null },
    now: o.now,
  });
}

/** A referral offered from a case page answered by the person: accepted (follow-up planned) or declined. */
export async function answerOffer(d: { stores: Pick<Stores, "referrals"> }, o: { referral: ReferralRecord; accept: boolean; now: Date }): Promise<boolean> {
  if (o.referral.status !== "offered") return false;
  await d.stores.referrals.changeReferral(o.referral.id, {
    status: o.accept ? "accepted" : "declined",
    actor: { kind: "person", id: null },
    ...(o.accept ? { acceptedAt: o.now, nextFollowUpAt: followUpAt(o.now, followUpDays(o.referral.service)) } : { nextFollowUpAt: null }),
    now: o.now,
  });
  return true;
}

/** Creates "offered" referrals on a case (the caller then asks the person through the bot). */
export async function offerFromCase(
  d: { stores: Pick<Stores, "referrals" | "directory" | "audit">; clock: { now(): Date } },
  o: { staff: StaffRecord; kase: CaseDetail; serviceIds: string[]; note: string },
): Promise<ReferralRecord[]> {
  if (o.kase.status !== "open" || !canActOnCase(o.staff, o.kase)) throw new AppError("held_by_other");
  const note = o.note.trim();
  if (o.serviceIds.length === 0 || o.serviceIds.length > 3 || note.length > NOTE_MAX) throw new AppError("invalid_input");
  const now = d.clock.now();
  const created: ReferralRecord[] = [];
  for (const id of o.serviceIds) {
    const service = await d.stores.directory.getService(id);
    if (!service || service.status !== "active") throw new AppError("invalid_input");
    created.push(
      await d.stores.referrals.createReferral({
        personId: o.kase.personId,
        caseId: o.kase.id,
        serviceId: service.id,
        status: "offered",
        origin: "counsellor",
        provinceCode: o.kase.provinceCode,
        note: note || null,
        acceptedAt: null,
        nextFollowUpAt: null,
        actor: { kind: "staff", id: o.staff.id },
        now,
      }),
    );
  }
  await d.stores.audit.record(
    { actorId: o.staff.id, action: "referral.offer", caseId: o.kase.id, details: { services: created.map((r) => r.service.code) } },
    now,
  );
  return created;
}

/** A counsellor records what happened (the person told them, the service called back). */
export async function setReferralStatus(
  d: { stores: Pick<Stores, "referrals" | "audit">; clock: { now(): Date } },
  o: { staff: StaffRecord; kase: CaseDetail; referralId: string; status: string },
): Promise<void> {
  if (!canActOnCase(o.staff, o.kase)) throw new AppError("held_by_other");
  const status = STAFF_SETTABLE.find((s) => s === o.status);
  const referral = await findCaseReferral(d.stores.referrals, o.kase.id, o.referralId);
  if (!status || !referral) throw new AppError("invalid_input");
  const now = d.clock.now();
  const keepAsking = status === "accepted" || status === "contacted";
  await d.stores.referrals.changeReferral(referral.id, {
    status,
    actor: { kind: "staff", id: o.staff.id },
    ...(status === "accepted" && !referral.acceptedAt ? { acceptedAt: now } : {}),
    ...(keepAsking ? {} : { nextFollowUpAt: null }),
    now,
  });
  await d.stores.audit.record({ actorId: o.staff.id, action: "referral.status", caseId: o.kase.id, targetId: referral.id, details: { status } }, now);
}

async function findCaseReferral(store: ReferralStore, caseId: string, referralId: string): Promise<ReferralRecord | null> {
  if (!/^[0-9a-f-]{36}$/i.test(referralId)) return null;
  const r = await store.getReferral(referralId);
  return r && r.caseId === caseId ? r : null;
}
