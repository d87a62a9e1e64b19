// Closed-loop referrals: a person choosing a service in the chat, a counsellor sending services from a
// case, and status changes with who made them. Follow-ups are planned here and asked by the job.
import { AppError } from "../../shared/errors/app-error.ts";
import { canActOnCase } from "../staff/access.ts";
import type { CaseDetail, CaseRecord, ReferralChange, ReferralRecord, ReferralStatus, ReferralStore, ServiceRecord, StaffRecord, Stores } from "../ports.ts";
import { loanAmountFact, referralStatusFact } from "../reports/facts.ts";
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
  d: { stores: Pick<Stores, "referrals" | "cases" | "facts"> },
  o: { personId: string; service: ServiceRecord; provinceCode: number | null; now: Date },
): Promise<ReferralRecord> {
  const open: CaseRecord | null = await d.stores.cases.findOpenCase(o.personId);
  return createWithFact(d.stores, {
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
export async function answerOffer(
  d: { stores: Pick<Stores, "referrals" | "facts"> },
  o: { referral: ReferralRecord; accept: boolean; now: Date },
): Promise<boolean> {
  if (o.referral.status !== "offered") return false;
  await changeWithFact(d.stores, o.referral, {
    status: o.accept ? "accepted" : "declined",
    actor: { kind: "person", id: null },
    ...(o.accept ? { acceptedAt: o.now, nextFollowUpAt: followUpAt(o.now, followUpDays(o.referral.service)) } : { nextFollowUpAt: null }),
    now: o.now,
  });
  return true;
}

/** Creates "offered" referrals on a case (the caller then asks the person through the bot). */
export async function offerFromCase(
  d: { stores: Pick<Stores, "directory" | "audit" | "unitOfWork">; clock: { now(): Date } },
  o: { staff: StaffRecord; kase: CaseDetail; serviceIds: string[]; note: string },
): Promise<ReferralRecord[]> {
  if (o.kase.status !== "open" || !canActOnCase(o.staff, o.kase)) throw new AppError("held_by_other");
  const note = o.note.trim();
  if (o.serviceIds.length === 0 || o.serviceIds.length > 3 || note.length > NOTE_MAX) throw new AppError("invalid_input");
  const now = d.clock.now();
  const services: ServiceRecord[] = [];
  for (const id of o.serviceIds) {
    const service = await d.stores.directory.getService(id);
    if (!service || service.status !== "active") throw new AppError("invalid_input");
    services.push(service);
  }
  const created = await d.stores.unitOfWork.run(async (s) => {
    const out: ReferralRecord[] = [];
    for (const service of services)
      out.push(
        await createWithFact(s, {
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
    return out;
  });
  await d.stores.audit.record(
    { actorId: o.staff.id, action: "referral.offer", caseId: o.kase.id, details: { services: created.map((r) => r.service.code) } },
    now,
  );
  return created;
}

/** A counsellor records what happened (the person told them, the service called back). */
export async function setReferralStatus(
  d: { stores: Pick<Stores, "referrals" | "audit" | "unitOfWork">; clock: { now(): Date } },
  o: { staff: StaffRecord; kase: CaseDetail; referralId: string; status: string; loanAmount?: number },
): Promise<void> {
  if (!canActOnCase(o.staff, o.kase)) throw new AppError("held_by_other");
  const status = STAFF_SETTABLE.find((s) => s === o.status);
  const referral = await findCaseReferral(d.stores.referrals, o.kase.id, o.referralId);
  if (!status || !referral) throw new AppError("invalid_input");
  const loan = o.loanAmount !== undefined && takesLoanAmount(referral, status) ? o.loanAmount : undefined;
  const now = d.clock.now();
  const keepAsking = status === "accepted" || status === "contacted";
  await d.stores.unitOfWork.run(async (s) => {
    await changeWithFact(s, referral, {
      status,
      actor: { kind: "staff", id: o.staff.id },
      ...(status === "accepted" && !referral.acceptedAt ? { acceptedAt: now } : {}),
      ...(keepAsking ? {} : { nextFollowUpAt: null }),
      now,
    });
    if (loan !== undefined) await s.facts.record([loanAmountFact(referral, loan, now)]);
  });
  const details = loan !== undefined ? { status, loanAmount: true } : { status };
  await d.stores.audit.record({ actorId: o.staff.id, action: "referral.status", caseId: o.kase.id, targetId: referral.id, details }, now);
}

/** A loan amount may be reported when a loan referral is marked attended (the loan was granted). */
export function takesLoanAmount(r: Pick<ReferralRecord, "service">, status: string): boolean {
  return r.service.kind === "loan" && status === "attended";
}

/** A loan amount in whole VND, as typed in the console: a positive integer (spaces, dots and commas as thousands separators allowed). */
export const LOAN_AMOUNT_MAX = 10_000_000_000;
export function parseLoanAmount(raw: string | undefined): { amount?: number; invalid: boolean } {
  const text = (raw ?? "").replace(/[\s.,]/g, "");
  if (text === "") return { invalid: false };
  if (!/^\d+$/.test(text)) return { invalid: true };
  const amount = Number(text);
  return amount > 0 && amount <= LOAN_AMOUNT_MAX ? { amount, invalid: false } : { invalid: true };
}

/** Creates a referral and records its first status (`referral.status`), in the caller's transaction. */
export async function createWithFact(
  stores: Pick<Stores, "referrals" | "facts">,
  input: Parameters<ReferralStore["createReferral"]>[0],
): Promise<ReferralRecord> {
  const created = await stores.referrals.createReferral(input);
  await stores.facts.record([referralStatusFact(created, { status: input.status, now: input.now })]);
  return created;
}

/** Changes a referral's status (recording who, when, why) and its `referral.status` fact, in the caller's transaction. */
export async function changeWithFact(stores: Pick<Stores, "referrals" | "facts">, r: ReferralRecord, change: ReferralChange): Promise<void> {
  await stores.referrals.changeReferral(r.id, change);
  await stores.facts.record([referralStatusFact(r, { status: change.status, reason: change.reason ?? null, now: change.now })]);
}

async function findCaseReferral(store: ReferralStore, caseId: string, referralId: string): Promise<ReferralRecord | null> {
  if (!/^[0-9a-f-]{36}$/i.test(referralId)) return null;
  const r = await store.getReferral(referralId);
  return r && r.caseId === caseId ? r : null;
}
