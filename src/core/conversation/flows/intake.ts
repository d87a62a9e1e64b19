// Anonymous intake: who needs help → concern → urgency → province → commune/ward → their story.
// Ends in a case with a short handle. Area and story can be skipped: anonymity comes first.
import { z } from "zod";
import { openCase } from "../../cases/open-case.ts";
import { CASE_PRIORITY, type CaseRecord } from "../../ports.ts";
import { defineFlow, type FlowDeps } from "../flow.ts";
import type { Turn } from "../turn.ts";
import { sayCrisisStaysOpen } from "./crisis-wait.ts";

export const SUBJECTS = ["self", "child", "spouse", "parent", "other"] as const;
export const CONCERNS = ["drug_use", "relapse", "sex_work", "trafficking", "hiv", "violence", "other"] as const;
export const URGENCIES = ["now", "week", "info"] as const;
const BIG_CITIES = [1, 79, 31, 48, 92]; // Hà Nội, Hồ Chí Minh, Hải Phòng, Đà Nẵng, Cần Thơ
const MAX_PICK = 8;

const ids = z.array(z.string().max(64)).max(200);
const state = z.object({
  subject: z.string().max(32).optional(),
  concern: z.string().max(32).optional(),
  urgency: z.string().max(32).optional(),
  province: z.number().int().optional(),
  ward: z.number().int().optional(),
  storyIds: ids.optional(),
  danger: z.array(z.string().max(64)).max(20).optional(),
});
type Data = z.infer<typeof state>;

const data = (turn: Turn) => turn.data<Data>();
const cancel = (turn: Turn) => turn.option("cancel", "flows:intake.cancel");

function askList(turn: Turn, step: "subject" | "concern" | "urgency", ids: readonly string[]) {
  turn.go("intake", step, turn.state.data);
  turn.ask(turn.t(`flows:intake.${step}.prompt`), [...ids.map((id) => turn.option(id, `flows:intake.${step}.options.${id}`)), cancel(turn)]);
}

function askProvince(turn: Turn, deps: FlowDeps) {
  turn.go("intake", "province", turn.state.data);
  const cities = BIG_CITIES.map((code) => deps.areas.province(code)).filter((p) => p !== undefined);
  turn.ask(turn.t("flows:intake.province.prompt"), [
    ...cities.map((p) => ({ id: `p${p.code}`, label: p.shortName })),
    turn.option("skip", "flows:intake.skipArea"),
    cancel(turn),
  ]);
}

function askWard(turn: Turn, deps: FlowDeps) {
  turn.go("intake", "ward", turn.state.data);
  const province = deps.areas.province(data(turn).province ?? -1);
  turn.ask(turn.t("flows:intake.ward.prompt", { province: province?.shortName ?? "" }), [turn.option("skip", "flows:intake.skipWard"), cancel(turn)]);
}

function askStory(turn: Turn) {
  turn.go("intake", "story", turn.state.data);
  const has = (data(turn).storyIds?.length ?? 0) > 0;
  turn.ask(turn.t(has ? "flows:intake.story.already" : "flows:intake.story.prompt"), [
    turn.option("send", has ? "flows:intake.story.send" : "flows:intake.story.skip"),
    cancel(turn),
  ]);
}

export function priorityFor(d: Data): number {
  if (d.danger && d.danger.length > 0) return CASE_PRIORITY.crisis;
  if (d.urgency === "now" || d.concern === "trafficking" || d.concern === "violence") return CASE_PRIORITY.high;
  return CASE_PRIORITY.normal;
}

/** Creates the case from what has been answered so far (also used when danger cuts the intake short). */
export async function finishIntake(turn: Turn, deps: FlowDeps): Promise<CaseRecord> {
  const d = data(turn);
  const created = await openCase(deps, {
    case: {
      personId: turn.person.id,
      subject: d.subject ?? "other",
      concern: d.concern ?? "other",
      urgency: d.urgency ?? (d.danger?.length ? "now" : "info"),
      provinceCode: d.province ?? null,
      wardCode: d.ward ?? null,
      priority: priorityFor(d),
      dangerFlags: d.danger ?? [],
      locale: turn.locale,
      channel: turn.person.channel,
    },
    messageIds: d.storyIds ?? [],
  });
  const key = created.priority === CASE_PRIORITY.crisis ? "flows:intake.doneCrisis" : "flows:intake.done";
  turn.say(turn.t(key, { handle: created.handle }));
  // Services matching the concern and area are offered right away (the menu when none match, or in a crisis).
  if (created.priority === CASE_PRIORITY.crisis || !deps.flows.get("referral")) await deps.flows.enter("menu", turn, deps);
  else
    await deps.flows.enter("referral", turn, deps, {
      afterIntake: { concern: created.concern, provinceCode: created.provinceCode, wardCode: created.wardCode },
    });
  return created;
}

export const intakeFlow = defineFlow({
  name: "intake",
  state,
  menuEntries: [{ id: "intake", order: 20, run: (turn, deps) => deps.flows.enter("intake", turn, deps) }],
  enter(turn, _deps, params) {
    const storyIds = ids.safeParse(params?.storyIds);
    turn.go("intake", "subject", { storyIds: storyIds.success ? storyIds.data : [] } satisfies Data);
    turn.say(turn.t("flows:intake.intro"));
    askList(turn, "subject", SUBJECTS);
  },
  async onChoice(turn, deps, id) {
    const step = turn.state.step;
    if (id === "cancel") {
      turn.say(turn.t("flows:intake.cancelled"));
      await sayCrisisStaysOpen(turn, deps);
      return deps.flows.enter("menu", turn, deps);
    }
    if (step === "subject") return (turn.patchData({ subject: id }), askList(turn, "concern", CONCERNS));
    if (step === "concern") return (turn.patchData({ concern: id }), askList(turn, "urgency", URGENCIES));
    if (step === "urgency") return (turn.patchData({ urgency: id }), askProvince(turn, deps));
    if (step === "province") {
      if (id === "skip") return askStory(turn);
      turn.patchData({ province: Number(id.slice(1)) });
      return askWard(turn, deps);
    }
    if (step === "ward") {
      if (id !== "skip") turn.patchData({ ward: Number(id.slice(1)) });
      return askStory(turn);
    }
    if (step === "story") return void (await finishIntake(turn, deps));
  },
  onText(turn, deps, text) {
    const step = turn.state.step;
    if (step === "province") return pickArea(turn, deps.areas.findProvinces(text), "p", () => askWard(turn, deps));
    if (step === "ward") return pickArea(turn, deps.areas.findWards(data(turn).province ?? -1, text), "w", () => askStory(turn));
    if (step === "story") {
      turn.patchData({ storyIds: [...(data(turn).storyIds ?? []), ...turn.inboundIds] });
      turn.ask(turn.t("flows:intake.story.more"), [turn.option("send", "flows:intake.story.send"), cancel(turn)]);
      return;
    }
    turn.repeatMenu(turn.t("common:options.notUnderstood"));
  },
});

/** One match → take it and continue; a few → let them pick; none or too many → ask again. */
function pickArea(turn: Turn, matches: Array<{ code: number; name: string }>, prefix: "p" | "w", next: () => void) {
  const field = prefix === "p" ? "province" : "ward";
  if (matches.length === 1) {
    turn.patchData({ [field]: matches[0]!.code });
    turn.say(turn.t("flows:intake.areaFound", { name: matches[0]!.name }));
    return next();
  }
  if (matches.length === 0 || matches.length > MAX_PICK) {
    turn.repeatMenu(turn.t(matches.length === 0 ? "flows:intake.areaNotFound" : "flows:intake.areaTooMany"));
    return;
  }
  turn.ask(turn.t("flows:intake.areaPick"), [
    ...matches.map((m) => ({ id: `${prefix}${m.code}`, label: m.name })),
    turn.option("skip", prefix === "p" ? "flows:intake.skipArea" : "flows:intake.skipWard"),
    cancel(turn),
  ]);
}
