// The follow-up question a referral gets N days after acceptance (bot-initiated, see run-follow-ups.ts):
// went → attended; not yet → asked once more later; did not work out → why, and the case goes back to
// a counsellor; stop → no more questions. Answered by tap, digit or words, days later or after a restart.
import { z } from "zod";
import { openCase } from "../../../cases/open-case.ts";
import { reopenClosedCase } from "../../../cases/reopen-case.ts";
import { changeWithFact } from "../../../referral/referrals.ts";
import { followUpAnsweredFact } from "../../../reports/facts.ts";
import { CASE_PRIORITY, OPEN_REFERRAL_STATUSES, type ReferralRecord, type ReferralStatus } from "../../../ports.ts";
import { followUpAt, MAX_FOLLOW_UPS, RETRY_AFTER_DAYS } from "../../../referral/follow-up-time.ts";
import { FOLLOW_UP_FLOW } from "../../../referral/run-follow-ups.ts";
import { defineFlow, type FlowDeps } from "../../flow.ts";
import type { Turn } from "../../turn.ts";

const ANSWERS = ["went", "not_yet", "failed", "stop"] as const;
const REASONS: Record<string, ReferralStatus> = {
  could_not_contact: "could_not_contact",
  not_eligible: "not_eligible",
  no_capacity: "no_capacity",
  cost: "declined",
  other: "declined",
};
const state = z.object({ referralId: z.string().uuid().optional() });
const person = { kind: "person", id: null } as const;

async function current(turn: Turn, deps: FlowDeps): Promise<ReferralRecord | null> {
  const id = turn.data<z.infer<typeof state>>().referralId;
  const r = id ? await deps.stores.referrals.getReferral(id) : null;
  return r && r.personId === turn.person.id && OPEN_REFERRAL_STATUSES.includes(r.status) ? r : null;
}

async function done(turn: Turn, deps: FlowDeps, key: string) {
  turn.say(turn.t(key));
  await deps.flows.enter("menu", turn, deps);
}

export const referralFollowUpFlow = defineFlow({
  name: FOLLOW_UP_FLOW,
  state,
  async enter(turn, deps, params) {
    const id = z.string().uuid().safeParse(params?.referralId);
    const r = id.success ? await deps.stores.referrals.getReferral(id.data) : null;
    // Nothing to ask any more (answered meanwhile, closed by a counsellor): the person's screen stays as it is.
    if (!r || r.personId !== turn.person.id || !OPEN_REFERRAL_STATUSES.includes(r.status)) return;
    turn.go(FOLLOW_UP_FLOW, "ask", { referralId: r.id });
    turn.ask(
      turn.t("referral:followUp.ask", { name: r.service.name }),
      ANSWERS.map((a) => turn.option(a, `referral:followUp.options.${a}`)),
    );
  },
  async onChoice(turn, deps, id) {
    const r = await current(turn, deps);
    if (!r) return done(turn, deps, "referral:followUp.expired");
    const now = deps.clock.now();
    if (turn.state.step !== "why" && (ANSWERS as readonly string[]).includes(id)) {
      const source = `referral:${r.id}:follow-up:${r.followUpAttempts}`; // one answer per question asked
      await deps.stores.facts.record([followUpAnsweredFact({ about: "referral", answer: id, provinceCode: r.provinceCode, now, source })]);
    }
    if (turn.state.step === "why") {
      const caseId = await backToCounsellor(turn, deps, r);
      const reason = id in REASONS ? id : "other";
      await changeWithFact(deps.stores, r, { status: REASONS[reason]!, actor: person, reason, nextFollowUpAt: null, caseId, now });
      return done(turn, deps, "referral:followUp.reopened");
    }
    if (id === "went") {
      await changeWithFact(deps.stores, r, { status: "attended", actor: person, nextFollowUpAt: null, now });
      return done(turn, deps, "referral:followUp.thanks");
    }
    if (id === "not_yet") {
      const again = r.followUpAttempts < MAX_FOLLOW_UPS;
      await changeWithFact(deps.stores, r, {
        status: r.status,
        actor: person,
        reason: "not_yet",
        nextFollowUpAt: again ? followUpAt(now, RETRY_AFTER_DAYS) : null,
        now,
      });
      return done(turn, deps, again ? "referral:followUp.notYet" : "referral:followUp.notYetLast");
    }
    if (id === "stop") {
      await changeWithFact(deps.stores, r, { status: r.status, actor: person, reason: "stop_asking", nextFollowUpAt: null, now });
      return done(turn, deps, "referral:followUp.stopped");
    }
    turn.go(FOLLOW_UP_FLOW, "why", { referralId: r.id });
    turn.ask(
      turn.t("referral:followUp.why"),
      Object.keys(REASONS).map((k) => turn.option(k, `referral:followUp.reasons.${k}`)),
    );
  },
  onText(turn) {
    turn.repeatMenu(turn.t("common:options.notUnderstood"));
  },
});

/** "It did not work out": the referral's case goes back to the queue (reopened when closed), or one is opened. Its id. */
async function backToCounsellor(turn: Turn, deps: FlowDeps, r: ReferralRecord): Promise<string> {
  const now = deps.clock.now();
  const ofReferral = r.caseId ? await deps.stores.cases.findCaseById(r.caseId) : null;
  const kase = r.caseId ? ofReferral : await deps.stores.cases.findOpenCase(r.personId);
  if (kase) {
    if (ofReferral?.status === "closed") await reopenClosedCase(deps.stores, ofReferral, { now, details: { reason: "referral_follow_up" } });
    await deps.stores.cases.updateCase(kase.id, { lastPersonMessageAt: now });
    return kase.id;
  }
  const created = await openCase(deps, {
    case: {
      personId: r.personId,
      subject: "self",
      concern: "other",
      urgency: "week",
      provinceCode: r.provinceCode,
      wardCode: null,
      priority: CASE_PRIORITY.normal,
      dangerFlags: [],
      locale: turn.locale,
      channel: turn.person.channel,
    },
    messageIds: [],
  });
  await deps.stores.audit.record({ actorId: null, action: "referral.case_opened", caseId: created.id, targetId: r.id }, now);
  return created.id;
}
