// "Find support": a need (or the intake's concern) and an area (typed with or without diacritics, or
// the one from the intake) → up to 3 services, nearest first; "I want to go" makes a referral. The same
// flow shows services a counsellor sent from a case (bot-initiated, params.offer) and the matches the
// bot offers itself after an intake (params.afterIntake).
import { z } from "zod";
import { answerOffer, acceptFromChat, followUpDays } from "../../../referral/referrals.ts";
import { CONCERN_NEEDS, NEEDS, isNeed, kindsFor, type Need } from "../../../referral/needs.ts";
import { rankServices } from "../../../referral/match-services.ts";
import { defineFlow, type FlowDeps } from "../../flow.ts";
import type { Turn } from "../../turn.ts";
import { areaLabel, findArea, type AreaPick } from "./find-area.ts";
import { goOptions, serviceCard } from "./present.ts";

export const REFERRAL_FLOW = "referral";
const uuid = z.string().uuid();
const state = z.object({
  needs: z.array(z.enum(NEEDS)).max(8).optional(),
  province: z.number().int().nullable().optional(),
  ward: z.number().int().nullable().optional(),
  /** Service ids shown, in order: option "go<i>" chooses the i-th. */
  shown: z.array(uuid).max(3).optional(),
  /** Referral ids a counsellor offered: option "accept<i>" accepts the i-th. */
  offered: z.array(uuid).max(3).optional(),
  areaChoices: z
    .array(z.object({ provinceCode: z.number().int(), wardCode: z.number().int().nullable(), name: z.string().max(200) }))
    .max(6)
    .optional(),
});
type Data = z.infer<typeof state>;
const data = (turn: Turn) => turn.data<Data>();

const offerParams = z.object({ offer: z.array(uuid).min(1).max(3), note: z.string().max(1000).nullable().optional() });
const afterIntakeParams = z.object({
  afterIntake: z.object({ concern: z.string().max(32), provinceCode: z.number().int().nullable(), wardCode: z.number().int().nullable() }),
});

const start = (turn: Turn, deps: FlowDeps) => deps.flows.enter(REFERRAL_FLOW, turn, deps);

export const referralFlow = defineFlow({
  name: REFERRAL_FLOW,
  state,
  commands: { support: start },
  menuEntries: [{ id: "support", order: 25, run: start }],
  async enter(turn, deps, params) {
    const offer = offerParams.safeParse(params);
    if (offer.success) return showOffer(turn, deps, offer.data.offer, offer.data.note ?? null);
    const after = afterIntakeParams.safeParse(params);
    if (after.success) return offerAfterIntake(turn, deps, after.data.afterIntake);
    turn.go(REFERRAL_FLOW, "need", {});
    askNeed(turn);
  },
  async onChoice(turn, deps, id) {
    if (id === "menu") return deps.flows.enter("menu", turn, deps);
    if (id === "again") return (turn.go(REFERRAL_FLOW, "need", {}), askNeed(turn));
    const step = turn.state.step;
    if (step === "need" && isNeed(id)) return (turn.patchData({ needs: [id] }), askArea(turn, deps));
    if (step === "area") {
      if (id === "national") return showMatches(turn, deps, null);
      if (id === "intake_area") return showMatches(turn, deps, { provinceCode: data(turn).province!, wardCode: data(turn).ward ?? null, name: "" });
      const pick = /^a(\d)$/.exec(id) ? data(turn).areaChoices?.[Number(id.slice(1))] : undefined;
      if (pick) return showMatches(turn, deps, pick);
    }
    if (step === "results" && /^go\d$/.test(id)) return choose(turn, deps, data(turn).shown?.[Number(id.slice(2))]);
    if (step === "offer" && /^accept\d$/.test(id)) return acceptOffer(turn, deps, data(turn).offered?.[Number(id.slice(6))]);
    if (step === "offer" && id === "decline") return declineOffer(turn, deps);
    return deps.flows.enter("menu", turn, deps);
  },
  onText(turn, deps, text) {
    if (turn.state.step !== "area") return void turn.repeatMenu(turn.t("common:options.notUnderstood"));
    const found = findArea(deps.areas, text);
    if (found.kind === "one") return showMatches(turn, deps, found.area);
    if (found.kind === "some") {
      turn.patchData({ areaChoices: found.areas });
      turn.ask(turn.t("referral:area.pick"), [...found.areas.map((a, i) => ({ id: `a${i}`, label: a.name })), ...areaExits(turn)]);
      return;
    }
    turn.repeatMenu(turn.t(found.kind === "none" ? "referral:area.notFound" : "referral:area.tooMany"));
  },
});

function askNeed(turn: Turn) {
  turn.ask(turn.t("referral:need.prompt"), [...NEEDS.map((n) => turn.option(n, `referral:need.options.${n}`)), turn.option("menu", "referral:toMenu")]);
}

const areaExits = (turn: Turn) => [turn.option("national", "referral:area.national"), turn.option("menu", "referral:toMenu")];

/** Offers the intake's area when the person gave one; otherwise asks them to type it. */
async function askArea(turn: Turn, deps: FlowDeps) {
  turn.go(REFERRAL_FLOW, "area", turn.state.data);
  const last = (await deps.stores.cases.listCases(turn.person.id)).find((c) => c.provinceCode !== null);
  const label = last ? areaLabel(deps.areas, last.provinceCode, last.wardCode) : null;
  if (last && label) {
    turn.patchData({ province: last.provinceCode, ward: last.wardCode });
    turn.ask(turn.t("referral:area.promptKnown", { area: label }), [turn.option("intake_area", "referral:area.useKnown", { area: label }), ...areaExits(turn)]);
    return;
  }
  turn.ask(turn.t("referral:area.prompt"), areaExits(turn));
}

async function matches(deps: FlowDeps, needs: readonly Need[], area: Pick<AreaPick, "provinceCode" | "wardCode"> | null) {
  const candidates = await deps.stores.directory.findCandidates({ kinds: kindsFor(needs), provinceCode: area?.provinceCode ?? null });
  return rankServices(candidates, { provinceCode: area?.provinceCode ?? null, wardCode: area?.wardCode ?? null });
}

async function showMatches(turn: Turn, deps: FlowDeps, area: AreaPick | null) {
  const needs = data(turn).needs ?? ["hotline"];
  const found = await matches(deps, needs, area);
  turn.go(REFERRAL_FLOW, "results", { needs, province: area?.provinceCode ?? null, ward: area?.wardCode ?? null, shown: found.map((s) => s.id) });
  if (found.length === 0) {
    turn.say(turn.t("referral:find.none"));
    turn.ask(turn.t("referral:find.next"), [turn.option("again", "referral:find.again"), turn.option("menu", "referral:toMenu")]);
    return;
  }
  turn.say([turn.t("referral:find.intro"), ...found.map((s, i) => serviceCard(turn, deps.areas, s, i + 1))].join("\n\n"));
  turn.ask(turn.t("referral:find.choose"), [
    ...goOptions(turn, found, "go").map((o, i) => ({ ...o, id: `go${i}` })),
    turn.option("again", "referral:find.again"),
    turn.option("menu", "referral:toMenu"),
  ]);
}

async function offerAfterIntake(turn: Turn, deps: FlowDeps, a: z.infer<typeof afterIntakeParams>["afterIntake"]) {
  const needs = CONCERN_NEEDS[a.concern] ?? ["hotline"];
  const found = await matches(deps, needs, a.provinceCode === null ? null : { provinceCode: a.provinceCode, wardCode: a.wardCode });
  if (found.length === 0) return deps.flows.enter("menu", turn, deps);
  turn.go(REFERRAL_FLOW, "results", { needs: [...needs], province: a.provinceCode, ward: a.wardCode, shown: found.map((s) => s.id) });
  turn.say([turn.t("referral:afterIntake"), ...found.map((s, i) => serviceCard(turn, deps.areas, s, i + 1))].join("\n\n"));
  turn.ask(turn.t("referral:find.choose"), [...goOptions(turn, found, "go").map((o, i) => ({ ...o, id: `go${i}` })), turn.option("menu", "referral:toMenu")]);
}

async function choose(turn: Turn, deps: FlowDeps, serviceId: string | undefined) {
  const service = serviceId ? await deps.stores.directory.getService(serviceId) : null;
  if (!service || service.status !== "active") {
    turn.say(turn.t("referral:find.gone"));
    return deps.flows.enter("menu", turn, deps);
  }
  await acceptFromChat(deps, { personId: turn.person.id, service, provinceCode: data(turn).province ?? null, now: deps.clock.now() });
  turn.say(turn.t(service.confidential ? "referral:chosenConfidential" : "referral:chosen", { name: service.name, days: followUpDays(service) }));
  return deps.flows.enter("menu", turn, deps);
}

async function showOffer(turn: Turn, deps: FlowDeps, ids: string[], note: string | null) {
  // One after another: a turn's stores share one transaction's connection, which runs one query at a time.
  const referrals = [];
  for (const id of ids) {
    const r = await deps.stores.referrals.getReferral(id);
    if (r !== null && r.personId === turn.person.id) referrals.push(r);
  }
  const services = [];
  for (const r of referrals) {
    const s = await deps.stores.directory.getService(r.service.id);
    if (s !== null) services.push(s);
  }
  if (services.length === 0) return;
  turn.go(REFERRAL_FLOW, "offer", { offered: referrals.map((r) => r.id) });
  const intro = note ? turn.t("referral:offer.withNote", { note }) : turn.t("referral:offer.intro");
  turn.say([intro, ...services.map((s, i) => serviceCard(turn, deps.areas, s, i + 1))].join("\n\n"));
  turn.ask(turn.t("referral:find.choose"), [
    ...goOptions(turn, services, "accept").map((o, i) => ({ ...o, id: `accept${i}` })),
    turn.option("decline", "referral:offer.decline"),
  ]);
}

async function acceptOffer(turn: Turn, deps: FlowDeps, referralId: string | undefined) {
  const referral = referralId ? await deps.stores.referrals.getReferral(referralId) : null;
  if (!referral || !(await answerOffer(deps, { referral, accept: true, now: deps.clock.now() }))) {
    turn.say(turn.t("common:options.stale"));
    return deps.flows.enter("menu", turn, deps);
  }
  const key = referral.service.confidential ? "referral:chosenConfidential" : "referral:chosen";
  turn.say(turn.t(key, { name: referral.service.name, days: followUpDays(referral.service) }));
  return deps.flows.enter("menu", turn, deps);
}

async function declineOffer(turn: Turn, deps: FlowDeps) {
  for (const id of data(turn).offered ?? []) {
    const referral = await deps.stores.referrals.getReferral(id);
    if (referral) await answerOffer(deps, { referral, accept: false, now: deps.clock.now() });
  }
  turn.say(turn.t("referral:offer.declined"));
  return deps.flows.enter("menu", turn, deps);
}
