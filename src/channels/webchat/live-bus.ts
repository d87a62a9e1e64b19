// In-process fan-out of outbound web chat messages to open SSE streams, keyed by web session.
// The database stays the source of truth: a stream that reconnects replays from its last seq.
import { EventEmitter } from "node:events";
import type { OutboundMessage } from "../../core/ports.ts";

export interface LiveEvent {
  seq?: number;
  erased?: boolean;
  /** Who speaks: counsellor replies are labelled as such on the page. */
  author?: "bot" | "counsellor";
  /** The language the message was written in (the person's): the page follows it. */
  locale?: string;
  message: OutboundMessage;
}

export class LiveBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(sessionId: string, event: LiveEvent): void {
    this.emitter.emit(sessionId, event);
  }

  subscribe(sessionId: string, listener: (event: LiveEvent) => void): () => void {
    this.emitter.on(sessionId, listener);
    return () => this.emitter.off(sessionId, listener);
  }
}
