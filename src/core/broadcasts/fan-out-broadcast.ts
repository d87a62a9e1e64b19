// The fan-out (run by the pg-boss job broadcast-fan-out): in batches, makes the delivery rows for the
// next people of the audience and queues one bulk message each with the idempotency key
// broadcast:<id>:<personId>. Every step is keyed, so a rerun or a crash at any point never makes a
// second row or a second message: a rerun finds the rows made and the messages queued, and goes on.
import type { Translator } from "../../shared/i18n/index.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import type { EnqueueInput } from "../outbox/outbox.ts";
import type { Clock, Stores } from "../ports.ts";
import type { BroadcastRecord } from "./ports.ts";

export const FAN_OUT_BATCH = 500;

export interface FanOutDeps {
  stores: Pick<Stores, "broadcasts">;
  clock: Clock;
  logger: Logger;
  translator: Translator;
  enqueueMany(inputs: ReadonlyArray<EnqueueInput & { idempotencyKey: string }>): Promise<Array<{ personId: string; id: string; created: boolean }>>;
}

/** Lets timers and sockets run between batches: on the embedded database a batch's statements hold the event loop. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The message a recipient gets: the body in their language, and for subscribers how to stop. */
export function broadcastText(b: Pick<BroadcastRecord, "body" | "audience">, locale: string, translator: Translator): string {
  const text = locale === "en" ? b.body.en : b.body.vi;
  if (b.audience.kind === "club") return text;
  return `${text}\n\n${translator.t(locale === "en" ? "en" : "vi", "broadcasts:chat.stopHint")}`;
}

export async function fanOutBroadcast(d: FanOutDeps, id: string, batch = FAN_OUT_BATCH): Promise<{ queued: number; done: boolean }> {
  let queued = 0;
  for (;;) {
    const b = await d.stores.broadcasts.get(id);
    if (!b || b.status !== "sending") return { queued, done: true }; // cancelled, finished, or gone
    const made = await d.stores.broadcasts.addDeliveries(id, b.audience, batch);
    const planned = await d.stores.broadcasts.plannedDeliveries(id, batch);
    const enqueued = await d.enqueueMany(
      planned.map((p) => ({
        personId: p.personId,
        body: { kind: "text" as const, text: broadcastText(b, p.locale, d.translator) },
        lane: "bulk" as const,
        idempotencyKey: `broadcast:${id}:${p.personId}`,
      })),
    );
    const rows = enqueued.map((m) => ({ personId: m.personId, messageId: m.id }));
    queued += enqueued.filter((m) => m.created).length;
    await d.stores.broadcasts.markQueued(id, rows);
    // A cancel that ran while this batch was queued: give those messages up too.
    const now = await d.stores.broadcasts.get(id);
    if (now?.status === "cancelled") await d.stores.broadcasts.stopQueued(id);
    // Done when nobody is left; a batch that queued nothing (its people were erased meanwhile) ends this run too.
    if ((made === 0 && planned.length === 0) || (planned.length > 0 && rows.length === 0)) break;
    await yieldToEventLoop();
  }
  await d.stores.broadcasts.markFannedOut(id, d.clock.now());
  d.logger.info({ broadcastId: id, queued }, "broadcast fanned out");
  return { queued, done: true };
}
