// The web chat's send: the engine has already stored the message, and the page replays the log when it
// (re)connects, so a send is "sent" whether or not a page is open. An anonymous visitor cannot block the bot
// (no "unreachable") and the browser renders every message kind (no "permanent").
import { describe, expect, it } from "vitest";
import { createWebChat } from "../../../../src/channels/webchat/index.ts";
import { systemClock, type OutboundMessage, type Stores } from "../../../../src/core/ports.ts";
import type { Translator } from "../../../../src/shared/i18n/index.ts";
import { silentLogger } from "../../../../src/shared/logging/logger.ts";

// send never reads the store or the translator (only the routes do).
const webchat = createWebChat({
  stores: {} as Stores,
  translator: {} as Translator,
  logger: silentLogger(),
  clock: systemClock,
  secureCookies: false,
  idleMs: 86_400_000,
  exitUrl: "https://example.org/",
});

describe("web chat channel.send", () => {
  it.each<[string, OutboundMessage]>([
    ["text", { kind: "text", text: "xin chào" }],
    ["options", { kind: "options", text: "?", options: [{ id: "a", label: "A" }], menuSeq: 1 }],
    ["link", { kind: "link", text: "t", url: "https://example.org", label: "l" }],
  ])("answers sent for a %s message with no page open", async (_kind, message) => {
    await expect(webchat.channel.send("session-1", message, "vi", { seq: 7 })).resolves.toEqual({ status: "sent" });
  });

  it("answers sent for the last message after an erasure (not stored, no seq)", async () => {
    await expect(webchat.channel.send("session-1", { kind: "text", text: "bye" }, "vi", { erased: true })).resolves.toEqual({ status: "sent" });
  });
});
