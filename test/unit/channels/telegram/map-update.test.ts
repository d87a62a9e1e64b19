import { describe, expect, it } from "vitest";
import type { Update } from "grammy/types";
import { mapUpdate } from "../../../../src/channels/telegram/map-update.ts";
import { encodeChoice } from "../../../../src/core/conversation/options-text.ts";

const user = { id: 42, is_bot: false, first_name: "A", language_code: "en-US" };
const privateChat = { id: 42, type: "private" as const, first_name: "A" };
const msg = (fields: Record<string, unknown>, chat: Record<string, unknown> = privateChat) =>
  ({ update_id: 9, message: { message_id: 1, date: 0, chat, from: user, ...fields } }) as unknown as Update;

describe("mapUpdate", () => {
  it("maps private text with chat id, update id and language hint", () => {
    expect(mapUpdate(msg({ text: "xin chào" }))).toEqual({
      kind: "inbound",
      envelope: { channel: "telegram", externalId: "42", channelMessageId: "9", localeHint: "en-US", event: { kind: "text", text: "xin chào" } },
    });
  });

  it.each([
    ["/start", undefined],
    ["/start   ", undefined],
    ["/start ref_clinic-7", "ref_clinic-7"],
    ["/start@fake_test_bot abc", "abc"],
  ])("maps %j to a start event", (text, payload) => {
    const action = mapUpdate(msg({ text }));
    expect(action.kind === "inbound" && action.envelope.event).toEqual(payload === undefined ? { kind: "start" } : { kind: "start", payload });
  });

  it("passes other commands through as text", () => {
    const action = mapUpdate(msg({ text: "/xoa" }));
    expect(action.kind === "inbound" && action.envelope.event).toEqual({ kind: "text", text: "/xoa" });
    const startish = mapUpdate(msg({ text: "/startle" }));
    expect(startish.kind === "inbound" && startish.envelope.event).toEqual({ kind: "text", text: "/startle" });
  });

  it.each([
    [{ photo: [{ file_id: "f", file_unique_id: "u", width: 1, height: 1 }], caption: "look" }, "photo"],
    [{ voice: { file_id: "f", duration: 1 } }, "voice"],
    [{ sticker: { file_id: "f" } }, "sticker"],
    [{ animation: { file_id: "f" }, document: { file_id: "f" } }, "animation"],
    [{ document: { file_id: "f" } }, "document"],
    [{ venue: { title: "x" }, location: { latitude: 1, longitude: 2 } }, "venue"],
    [{ location: { latitude: 1, longitude: 2 } }, "location"],
    [{ contact: { phone_number: "1", first_name: "b" } }, "contact"],
    [{ video: { file_id: "f" } }, "video"],
    [{ video_note: { file_id: "f" } }, "video_note"],
  ])("maps media %# to unsupported", (fields, media) => {
    const action = mapUpdate(msg(fields));
    expect(action.kind === "inbound" && action.envelope.event).toEqual({ kind: "unsupported", media });
  });

  it("ignores service messages, groups, channels and edits", () => {
    expect(mapUpdate(msg({ pinned_message: {} }))).toEqual({ kind: "ignore", reason: "service-message" });
    expect(mapUpdate(msg({ text: "hi" }, { id: -100, type: "group", title: "g" }))).toEqual({ kind: "ignore", reason: "not-private" });
    expect(mapUpdate(msg({ text: "hi" }, { id: -1001, type: "supergroup", title: "g" }))).toEqual({ kind: "ignore", reason: "not-private" });
    const channelPost = {
      update_id: 3,
      channel_post: { message_id: 1, date: 0, chat: { id: -5, type: "channel", title: "c" }, text: "x" },
    } as unknown as Update;
    expect(mapUpdate(channelPost)).toEqual({ kind: "ignore", reason: "not-private" });
    const edited = { update_id: 4, edited_message: { message_id: 1, date: 0, edit_date: 1, chat: privateChat, from: user, text: "x" } } as unknown as Update;
    expect(mapUpdate(edited)).toEqual({ kind: "ignore", reason: "edited" });
    expect(mapUpdate({ update_id: 5, poll_answer: {} } as unknown as Update)).toEqual({ kind: "ignore", reason: "unhandled-update-type" });
  });

  it("decodes our button payloads and ignores foreign or group ones", () => {
    const cq = (data: string | undefined, chat: Record<string, unknown> = privateChat) =>
      ({ update_id: 11, callback_query: { id: "q", from: user, chat_instance: "c", data, message: { message_id: 2, date: 0, chat } } }) as unknown as Update;
    expect(mapUpdate(cq(encodeChoice(3, "worry")))).toEqual({
      kind: "inbound",
      envelope: {
        channel: "telegram",
        externalId: "42",
        channelMessageId: "11",
        localeHint: "en-US",
        event: { kind: "choice", optionId: "worry", menuSeq: 3 },
      },
    });
    expect(mapUpdate(cq("garbage"))).toEqual({ kind: "ignore", reason: "unknown-callback" });
    expect(mapUpdate(cq(undefined))).toEqual({ kind: "ignore", reason: "unknown-callback" });
    expect(mapUpdate(cq(encodeChoice(3, "worry"), { id: -7, type: "group" }))).toEqual({ kind: "ignore", reason: "not-private" });
  });

  it("maps block and unblock to reachability", () => {
    const member = (status: string, type = "private") =>
      ({
        update_id: 12,
        my_chat_member: { chat: { id: 42, type }, from: user, date: 0, old_chat_member: {}, new_chat_member: { status, user } },
      }) as unknown as Update;
    expect(mapUpdate(member("kicked"))).toEqual({ kind: "reachability", externalId: "42", reachable: false });
    expect(mapUpdate(member("member"))).toEqual({ kind: "reachability", externalId: "42", reachable: true });
    expect(mapUpdate(member("administrator"))).toEqual({ kind: "ignore", reason: "member-status" });
    expect(mapUpdate(member("kicked", "group"))).toEqual({ kind: "ignore", reason: "not-private" });
  });
});
