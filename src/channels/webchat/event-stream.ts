// The live SSE stream of one web chat session: replay what the page missed, then follow live events.
// Contract: every item with a seq is written at most once per stream, in seq order, with the seq as the SSE id so
// a reconnect resumes from Last-Event-ID. Caveat: live events are in-process only; the periodic re-read of the
// log (every keepalive) is what delivers replies published by another instance.
import type { SSEStreamingApi } from "hono/streaming";
import type { Stores } from "../../core/ports.ts";
import type { Translator } from "../../shared/i18n/index.ts";
import { readHistory, type ChatItem } from "./history.ts";
import type { LiveBus, LiveEvent } from "./live-bus.ts";

export interface ChatEventStreamOptions {
  stores: Pick<Stores, "people" | "messages">;
  /** Words bodies that retention removed. */
  t: Translator["t"];
  bus: LiveBus;
  sessionId: string;
  /** The last seq the page already has (0 for none). */
  resumeFrom: number;
  keepaliveMs: number;
}

type StreamItem = ChatItem | (Omit<ChatItem, "seq"> & { seq?: number; erased?: boolean; locale?: string });

/** Live events for one session, buffered until the stream loop takes them; wakes the loop on arrival or abort. */
interface LiveFeed {
  readonly pending: LiveEvent[];
  /** Resolves on the next event, on abort, or after `ms`. */
  wait(ms: number): Promise<void>;
}

function followSession(bus: LiveBus, sessionId: string, stream: SSEStreamingApi): LiveFeed {
  const pending: LiveEvent[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = bus.subscribe(sessionId, (event) => {
    pending.push(event);
    wake?.();
  });
  stream.onAbort(() => {
    unsubscribe();
    wake?.();
  });
  const wait = async (ms: number): Promise<void> => {
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, ms);
    });
    wake = undefined;
  };
  return { pending, wait };
}

/** Writes items as SSE "message" events and remembers the highest seq written. */
function itemWriter(stream: SSEStreamingApi, resumeFrom: number) {
  let lastSeq = resumeFrom;
  return {
    lastSeq: () => lastSeq,
    async write(item: StreamItem): Promise<void> {
      await stream.writeSSE({ event: "message", data: JSON.stringify(item), ...(item.seq !== undefined ? { id: String(item.seq) } : {}) });
      if (item.seq !== undefined) lastSeq = Math.max(lastSeq, item.seq);
    },
  };
}
type ItemWriter = ReturnType<typeof itemWriter>;

/** Live events already written (by the replay or the re-read) are skipped by seq. */
async function writeLiveEvents(out: ItemWriter, events: LiveEvent[]): Promise<void> {
  for (const ev of events) {
    if (ev.seq !== undefined && ev.seq <= out.lastSeq()) continue;
    await out.write({ seq: ev.seq, direction: "outbound", author: ev.author ?? "bot", body: ev.message, erased: ev.erased, locale: ev.locale });
  }
}

/** A quiet interval: re-read the log for replies this instance did not see, then keep the connection alive. */
async function catchUpAndKeepAlive(stream: SSEStreamingApi, out: ItemWriter, o: ChatEventStreamOptions): Promise<void> {
  for (const item of await readHistory(o.stores, o.sessionId, out.lastSeq(), o.t)) if (item.direction === "outbound") await out.write(item);
  await stream.write(": keepalive\n\n");
}

/** Runs until the page disconnects. */
export async function streamChatEvents(stream: SSEStreamingApi, o: ChatEventStreamOptions): Promise<void> {
  const feed = followSession(o.bus, o.sessionId, stream);
  const out = itemWriter(stream, o.resumeFrom);
  for (const item of await readHistory(o.stores, o.sessionId, out.lastSeq(), o.t)) await out.write(item);
  while (!stream.aborted) {
    if (feed.pending.length === 0) await feed.wait(o.keepaliveMs);
    if (stream.aborted) break;
    if (feed.pending.length === 0) await catchUpAndKeepAlive(stream, out, o);
    else await writeLiveEvents(out, feed.pending.splice(0));
  }
}
