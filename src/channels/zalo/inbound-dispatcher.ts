// Hands mapped updates to the core in order: one promise chain per chat keeps a person's messages in
// order and every pending promise is tracked so stop() can await it.
// - handleNow (webhook): the update is handed over before the transport is answered, once; if the core
//   could not accept it, the caller answers non-2xx so Zalo delivers it again (accept durably or not at all).
// - enqueue (polling): handed over after the transport moved on, retried a few times (the store dedupes
//   on message id), since nobody would deliver it again.
import type { InboundEnvelope, InboundSink } from "../../core/ports.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import { createReplayWindow, type ReplayWindow } from "./replay-window.ts";
import { backoffDelay, sleep, type RetryOptions } from "./zalo-retry-policy.ts";

export interface DispatchItem {
  envelope: InboundEnvelope;
  replayKey: string;
  eventName: string;
}

export interface InboundDispatcher {
  /** "replayed" when the same (event_name, message_id) was seen moments ago: nothing is done. */
  enqueue(item: DispatchItem): "queued" | "replayed";
  /**
   * Hands the update to the core now, in the chat's order, once: "accepted" when the core committed it
   * (and handled its turn), "not_accepted" when it could not (the caller must get it delivered again).
   */
  handleNow(item: DispatchItem): Promise<"accepted" | "replayed" | "not_accepted">;
  /** Resolves when everything enqueued so far (and anything enqueued meanwhile) has been processed. */
  drain(): Promise<void>;
}

export interface InboundDispatcherOptions {
  sink: InboundSink;
  logger: Logger;
  retry: RetryOptions;
  replayWindow?: ReplayWindow;
  /** Tells the person their message could not be handled (after the last attempt). Must not throw. */
  apologise?(envelope: InboundEnvelope): Promise<void>;
}

/** Name and code of an error, never its message: core errors are safe, driver errors may quote values. */
function errorSummary(error: unknown): { errName: string; errCode?: string } {
  const name = error instanceof Error ? error.name : typeof error;
  const code = typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : undefined;
  return code === undefined ? { errName: name } : { errName: name, errCode: code };
}

export function createInboundDispatcher(options: InboundDispatcherOptions): InboundDispatcher {
  const { sink, logger, retry } = options;
  const replay = options.replayWindow ?? createReplayWindow();
  const chains = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();

  async function deliver(item: DispatchItem): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await sink.handleInbound(item.envelope);
        if (result.duplicate) logger.debug({ event: item.eventName }, "Zalo delivery already handled (store dedupe)");
        return;
      } catch (error) {
        if (attempt >= retry.maxAttempts) {
          replay.forget(item.replayKey);
          logger.error({ event: item.eventName, attempts: attempt, ...errorSummary(error) }, "Zalo update could not be processed");
          await options.apologise?.(item.envelope);
          return;
        }
        logger.warn({ event: item.eventName, attempt, ...errorSummary(error) }, "Zalo update processing failed; retrying");
        await sleep(backoffDelay(attempt, retry));
      }
    }
  }

  function track(externalId: string, item: DispatchItem): void {
    const previous = chains.get(externalId) ?? Promise.resolve();
    // setImmediate: let the transport flush its answer (webhook 200) before the core starts working.
    const next = previous.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(() => deliver(item));
    chains.set(externalId, next);
    inFlight.add(next);
    void next.finally(() => {
      inFlight.delete(next);
      if (chains.get(externalId) === next) chains.delete(externalId);
    });
  }

  function chain<T>(externalId: string, work: () => Promise<T>): Promise<T> {
    const previous = chains.get(externalId) ?? Promise.resolve();
    const result = previous.then(work);
    const next = result.then(
      () => undefined,
      () => undefined,
    );
    chains.set(externalId, next);
    inFlight.add(next);
    void next.finally(() => {
      inFlight.delete(next);
      if (chains.get(externalId) === next) chains.delete(externalId);
    });
    return result;
  }

  async function handleOnce(item: DispatchItem): Promise<"accepted" | "not_accepted"> {
    try {
      const result = await sink.handleInbound(item.envelope);
      if (result.duplicate) logger.debug({ event: item.eventName }, "Zalo delivery already handled (store dedupe)");
      return "accepted";
    } catch (error) {
      replay.forget(item.replayKey); // its redelivery must not be taken for a replay
      logger.warn({ event: item.eventName, ...errorSummary(error) }, "Zalo update not accepted; answering non-2xx so it is delivered again");
      return "not_accepted";
    }
  }

  return {
    enqueue(item) {
      if (replay.seen(item.replayKey)) return "replayed";
      track(item.envelope.externalId, item);
      return "queued";
    },
    async handleNow(item) {
      if (replay.seen(item.replayKey)) return "replayed";
      return chain(item.envelope.externalId, () => handleOnce(item));
    },
    async drain() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
