// A broadcast's life in the console: compose (a draft), preview (the exact count), start (refused for
// an empty audience; the fan-out job does the rest), cancel, progress. Each step is audited (ids and
// counts only, never the text).
import { z } from "zod";
import { AppError } from "../../shared/errors/app-error.ts";
import type { Clock, StaffRecord, Stores } from "../ports.ts";
import { checkAudience, findVisibleBroadcast } from "./broadcast-access.ts";
import type { Audience, BroadcastCounts, BroadcastRecord, ClubSummary } from "./ports.ts";

export const BODY_MAX = 2000;

const body = z.string().trim().min(1).max(BODY_MAX);
/** The compose form: the audience and the text per language (both required: each person gets their own). */
export const composeSchema = z.discriminatedUnion("audience", [
  z.object({ audience: z.literal("club"), clubId: z.string().uuid(), bodyVi: body, bodyEn: body }),
  z.object({ audience: z.literal("area_subscribers"), provinceCode: z.coerce.number().int().positive(), bodyVi: body, bodyEn: body }),
  z.object({ audience: z.literal("all_opted_in"), bodyVi: body, bodyEn: body }),
]);
export type ComposeInput = z.infer<typeof composeSchema>;

export interface BroadcastDeps {
  stores: Pick<Stores, "broadcasts" | "audit">;
  clock: Clock;
}

export function audienceOf(input: ComposeInput): Audience {
  if (input.audience === "club") return { kind: "club", clubId: input.clubId };
  if (input.audience === "area_subscribers") return { kind: "area_subscribers", provinceCode: input.provinceCode };
  return { kind: "all_opted_in" };
}

export async function composeBroadcast(d: BroadcastDeps, o: { staff: StaffRecord; input: ComposeInput }): Promise<BroadcastRecord> {
  const audience = audienceOf(o.input);
  await checkAudience(d, o.staff, audience);
  const b = await d.stores.broadcasts.create({ createdById: o.staff.id, audience, body: { vi: o.input.bodyVi, en: o.input.bodyEn } }, d.clock.now());
  await d.stores.audit.record({ actorId: o.staff.id, action: "broadcast.create", targetId: b.id, details: { audience: audience.kind } }, d.clock.now());
  return b;
}

export async function previewBroadcast(
  d: BroadcastDeps,
  o: { staff: StaffRecord; id: string },
): Promise<{ broadcast: BroadcastRecord; count: number; club: ClubSummary | null }> {
  const broadcast = await findVisibleBroadcast(d, o.staff, o.id);
  const club = await checkAudience(d, o.staff, broadcast.audience);
  return { broadcast, count: await d.stores.broadcasts.countAudience(broadcast.audience), club };
}

/**
 * Starts a draft: counts the audience now (the planned count), refuses an empty one before anything is
 * made, and asks for the fan-out (a pg-boss job; the backstop job finds it too if that ask is lost).
 */
export async function startBroadcast(
  d: BroadcastDeps & { fanOut(id: string): Promise<void> },
  o: { staff: StaffRecord; id: string },
): Promise<{ planned: number }> {
  const { broadcast, count } = await previewBroadcast(d, o);
  if (broadcast.status !== "draft") throw new AppError("conflict", "broadcast already started", { details: { reason: "started" } });
  if (count === 0) throw new AppError("invalid_input", "empty audience", { details: { reason: "empty_audience" } });
  if (!(await d.stores.broadcasts.markSending(broadcast.id, count, d.clock.now())))
    throw new AppError("conflict", "broadcast already started", { details: { reason: "started" } });
  await d.stores.audit.record({ actorId: o.staff.id, action: "broadcast.start", targetId: broadcast.id, details: { planned: count } }, d.clock.now());
  await d.fanOut(broadcast.id);
  return { planned: count };
}

/** Cancels a draft or a broadcast being sent: what is not sent yet is not sent (see the store's cancel). */
export async function cancelBroadcast(d: BroadcastDeps, o: { staff: StaffRecord; id: string }): Promise<{ stopped: number }> {
  const broadcast = await findVisibleBroadcast(d, o.staff, o.id);
  const done = await d.stores.broadcasts.cancel(broadcast.id, d.clock.now());
  if (!done) throw new AppError("conflict", "broadcast already ended", { details: { reason: "ended" } });
  await d.stores.audit.record({ actorId: o.staff.id, action: "broadcast.cancel", targetId: broadcast.id, details: { stopped: done.stopped } }, d.clock.now());
  return done;
}

/** Sends per second per channel (the sender's overall budget: SEND_*_PER_SECOND); a channel not listed is not throttled. */
export type ChannelRates = Partial<Record<string, number>>;

export interface BroadcastProgress {
  broadcast: BroadcastRecord;
  counts: BroadcastCounts;
  /** Seconds until everything left is sent at the channels' rates (the slowest channel); 0 when nothing is left. */
  etaSeconds: number;
}

export async function broadcastProgress(d: BroadcastDeps, o: { staff: StaffRecord; id: string; rates: ChannelRates }): Promise<BroadcastProgress> {
  let broadcast = await findVisibleBroadcast(d, o.staff, o.id);
  const counts = await d.stores.broadcasts.counts(broadcast.id);
  // Counting a broadcast's rows is the page's main cost (on the embedded database, sends wait meanwhile):
  // the "done" check counts again, so it runs only once nothing is left by these counts.
  const nothingLeft = counts.planned + counts.queued === 0;
  if (broadcast.status === "sending" && nothingLeft && (await d.stores.broadcasts.markDoneIfSettled(broadcast.id, d.clock.now()))) {
    broadcast = (await d.stores.broadcasts.get(broadcast.id)) ?? broadcast;
  }
  // Rows not made yet (the fan-out is still running) are counted on the slowest channel in use.
  const unmade = broadcast.status === "sending" ? Math.max(0, broadcast.plannedCount - counts.recipients) : 0;
  return { broadcast, counts, etaSeconds: eta(counts.remainingByChannel, unmade, o.rates) };
}

export function eta(remaining: BroadcastCounts["remainingByChannel"], unmade: number, rates: ChannelRates): number {
  const per = Object.entries(remaining).map(([channel, n]) => (n ?? 0) / (rates[channel] ?? Infinity));
  const slowest = Math.min(...Object.values(rates).filter((r): r is number => typeof r === "number" && r > 0), Infinity);
  return Math.ceil(Math.max(0, ...per) + (unmade > 0 && Number.isFinite(slowest) ? unmade / slowest : 0));
}
