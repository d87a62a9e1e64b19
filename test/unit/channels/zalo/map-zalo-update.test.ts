import { describe, expect, it } from "vitest";
import { loggableEventName, mapZaloUpdate, unwrapUpdateBody } from "../../../../src/channels/zalo/map-zalo-update.ts";
import { createReplayWindow } from "../../../../src/channels/zalo/replay-window.ts";
import { buildUpdate } from "../../../fakes/zalo-fake-events.ts";

describe("mapZaloUpdate", () => {
  it("maps a private text message; chat.id is the external id, message_id the dedupe key", () => {
    const { update, chatId, messageId } = buildUpdate({ text: "/start abc" });
    expect(mapZaloUpdate(update)).toEqual({
      kind: "envelope",
      eventName: "message.text.received",
      replayKey: `message.text.received:${messageId}`,
      envelope: { channel: "zalo", externalId: chatId, channelMessageId: messageId, event: { kind: "text", text: "/start abc" } },
    });
  });

  it.each([
    ["image", "image"],
    ["sticker", "sticker"],
    ["voice", "voice"],
    ["unsupported", "unsupported"],
  ] as const)("maps %s to unsupported media %s", (kind, media) => {
    const mapped = mapZaloUpdate(buildUpdate({ kind, photoAlias: true, caption: "ảnh" }).update);
    expect(mapped).toMatchObject({ kind: "envelope", envelope: { event: { kind: "unsupported", media } } });
  });

  it("ignores GROUP chats, bot senders and unknown events", () => {
    expect(mapZaloUpdate(buildUpdate({ chatType: "GROUP" }).update)).toMatchObject({ kind: "ignored", reason: "group" });
    expect(mapZaloUpdate(buildUpdate({ extra: { from: { id: "b".repeat(20), is_bot: true } } }).update)).toMatchObject({ kind: "ignored" });
    expect(mapZaloUpdate({ event_name: "oa.follow" })).toEqual({ kind: "ignored", reason: "unknown_event", eventName: "oa.follow" });
  });

  it("falls back to chat.id === from.id when chat_type is missing", () => {
    const { update } = buildUpdate({ userId: "c".repeat(20) });
    const message = { ...update.message, chat: { id: "c".repeat(20) } };
    expect(mapZaloUpdate({ ...update, message })).toMatchObject({ kind: "envelope" });
    expect(mapZaloUpdate({ ...update, message: { ...message, chat: { id: "d".repeat(20) } } })).toMatchObject({ kind: "ignored", reason: "group" });
  });

  it("reports unusable messages by path only, never by value; a body without event_name is not an update", () => {
    const mapped = mapZaloUpdate({ event_name: "message.text.received", message: { text: "số 0912345678", chat: { id: 42 } } });
    expect(mapped).toEqual({ kind: "unusable", eventName: "message.text.received", field: "message.message_id", issue: "invalid_type" });
    expect(JSON.stringify(mapped)).not.toContain("0912345678");
    expect(mapZaloUpdate([1, 2])).toMatchObject({ kind: "invalid" });
    expect(mapZaloUpdate({ event_name: "" })).toMatchObject({ kind: "invalid" });
    expect(mapZaloUpdate(buildUpdate({ extra: { text: undefined } }).update)).toMatchObject({ kind: "unusable", field: "message.text" });
    expect(mapZaloUpdate(buildUpdate({ text: "a".repeat(20_001) }).update)).toMatchObject({ kind: "unusable", field: "message.text", issue: "too_big" });
  });

  it("rejects numeric ids rather than converting them", () => {
    const { update } = buildUpdate({ extra: { message_id: 1234567890 } });
    expect(mapZaloUpdate(update)).toMatchObject({ kind: "unusable", field: "message.message_id" });
  });

  it("unwraps the docs' {ok, result} form and leaves the bare form alone", () => {
    const { update } = buildUpdate();
    expect(unwrapUpdateBody({ ok: true, result: update })).toBe(update);
    expect(unwrapUpdateBody(update)).toBe(update);
  });

  it("logs only printable event names", () => {
    expect(loggableEventName("message.text.received")).toBe("message.text.received");
    expect(loggableEventName('x\n{"text":"secret"}')).toBe("[unprintable]");
  });
});

describe("replay window", () => {
  it("remembers keys for the TTL and within its size", () => {
    let now = 0;
    const window = createReplayWindow({ ttlMs: 1_000, maxEntries: 2, now: () => now });
    expect(window.seen("a")).toBe(false);
    expect(window.seen("a")).toBe(true);
    now = 1_500;
    expect(window.seen("a")).toBe(false);
    window.seen("b");
    window.seen("c");
    expect(window.seen("a")).toBe(false); // pushed out by size
    window.forget("c");
    expect(window.seen("c")).toBe(false);
  });
});
