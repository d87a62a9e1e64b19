// Reads a web chat session's live stream (GET /chat/events, Server-Sent Events) the way the page does:
// every message the bot pushes, including the goodbye after "delete my data", which is never stored.
import type { OutboundMessage } from "../../src/core/ports.ts";
import type { WebChatClient } from "./webchat-client.ts";

export interface LiveItem {
  /** Absent for messages that were not stored (sent after the person's data was erased). */
  seq?: number;
  direction: "inbound" | "outbound";
  author: string;
  body: OutboundMessage;
  erased?: boolean;
}

export class WebChatLive {
  readonly items: LiveItem[] = [];
  private readonly controller = new AbortController();
  private readonly listeners = new Set<() => void>();

  /** Resolves once the app answered with the stream's headers, i.e. once it listens for this session. */
  static async connect(client: WebChatClient, lastEventId?: number): Promise<WebChatLive> {
    const live = new WebChatLive();
    const res = await client.events(live.controller.signal, lastEventId);
    if (res.status !== 200 || !res.body) throw new Error(`GET /chat/events answered ${res.status}`);
    void live.read(res.body);
    return live;
  }

  /** Resolves when `check` holds for the items received so far (checked again on every new item). */
  waitFor(check: (items: LiveItem[]) => boolean, timeoutMs = 10_000, what = "a live message"): Promise<void> {
    if (check(this.items)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const listener = (): void => {
        if (!check(this.items)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`timed out waiting for ${what}; received ${this.items.length} items`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }

  close(): void {
    this.controller.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          this.accept(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by close(), or the app stopped
    }
  }

  /** One SSE block: "event: message\ndata: {...}\nid: 12"; comments (": keepalive") carry no data. */
  private accept(block: string): void {
    const data = block
      .split("\n")
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(5).trimStart())
      .join("\n");
    if (data === "") return;
    this.items.push(JSON.parse(data) as LiveItem);
    for (const listener of [...this.listeners]) listener();
  }
}
