import { describe, expect, it } from "vitest";
import { createZaloSend, renderZaloParts } from "../../../../src/channels/zalo/send-zalo-message.ts";
import { ZaloApiError, type ZaloApiClient } from "../../../../src/channels/zalo/zalo-api-client.ts";
import { silentLogger } from "../../../../src/shared/logging/logger.ts";
import { MENU, testTranslator } from "./zalo-test-kit.ts";

const translator = testTranslator();
const ZALO_LIMIT = 2000;

/** A client double recording sendMessage; `fail` decides per call whether to throw. */
function clientDouble(fail: (n: number) => ZaloApiError | undefined = () => undefined) {
  const texts: string[] = [];
  const client = {
    sendMessage: async ({ text }: { chat_id: string; text: string }) => {
      const error = fail(texts.length + 1);
      if (error) throw error;
      texts.push(text);
      return { message_id: `m${texts.length}`.padEnd(20, "0"), date: Date.now() };
    },
  } as unknown as ZaloApiClient;
  return { client, texts };
}

describe("renderZaloParts: Zalo's 2,000-character limit", () => {
  // Vietnamese with combining-free precomposed letters, emoji with skin tones (surrogate pairs) and ZWJ sequences.
  const sentence = "Gia đình là nơi bình yên nhất 👨‍👩‍👧‍👦, hãy nói chuyện với con bằng sự kiên nhẫn 🙏🏽 và yêu thương. ";
  const long = sentence.repeat(60).trim();

  it("splits long Vietnamese text with emoji into parts of at most 2,000 UTF-16 units", () => {
    expect(long.length).toBeGreaterThan(2 * ZALO_LIMIT);
    const parts = renderZaloParts({ kind: "text", text: long }, translator, "vi");
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(ZALO_LIMIT);
      expect(part.length).toBeGreaterThan(0);
      expect(part.isWellFormed()).toBe(true); // no lone surrogate: no emoji cut in half
    }
  });

  it("never cuts inside a word and loses nothing", () => {
    const parts = renderZaloParts({ kind: "text", text: long }, translator, "vi");
    const words = long.split(/\s+/);
    expect(parts.flatMap((p) => p.split(/\s+/))).toEqual(words);
  });

  it("cuts even a 2,001-unit run of emoji without splitting a surrogate pair", () => {
    const parts = renderZaloParts({ kind: "text", text: "😀".repeat(1001) }, translator, "vi");
    expect(parts.map((p) => p.length)).toEqual([2000, 2]);
    expect(parts.every((p) => p.isWellFormed())).toBe(true);
  });

  it("keeps a short message whole, and renders links as text", () => {
    expect(renderZaloParts({ kind: "link", text: "Đường dây nóng", url: "https://example.org/help", label: "Mở" }, translator, "vi")).toEqual([
      "Đường dây nóng\nMở: https://example.org/help",
    ]);
  });
});

describe("channel.send for Zalo", () => {
  it("sends every part in order and returns the last message id", async () => {
    const { client, texts } = clientDouble();
    const send = createZaloSend({ client, translator, logger: silentLogger(), onAuthFailure: () => undefined });
    const result = await send("a".repeat(20), { kind: "text", text: "Xin chào 👋 ".repeat(400) }, "vi");
    expect(texts.length).toBe(3);
    expect(result).toEqual({ status: "sent", channelMessageId: "m3".padEnd(20, "0") });
  });

  it("renders options as numbered text in the person's language", async () => {
    const { client, texts } = clientDouble();
    const send = createZaloSend({ client, translator, logger: silentLogger(), onAuthFailure: () => undefined });
    await send("a".repeat(20), { ...MENU, text: "What next?" }, "en");
    expect(texts[0]).toMatch(/1\. .+\n2\. .+\n\n\(Reply with a number\)$/);
  });

  it("returns retryable (never throws) when a part cannot be delivered, and reports a revoked token", async () => {
    let authFailures = 0;
    const { client } = clientDouble((n) =>
      n === 2 ? new ZaloApiError({ method: "sendMessage", kind: "auth", error_code: 401, description: "Unauthorized" }) : undefined,
    );
    const send = createZaloSend({ client, translator, logger: silentLogger(), onAuthFailure: () => authFailures++ });
    await expect(send("a".repeat(20), { kind: "text", text: "x ".repeat(1500) }, "vi")).resolves.toEqual({ status: "retryable" });
    expect(authFailures).toBe(1);
  });

  it("returns permanent for an empty message without calling Zalo", async () => {
    const { client, texts } = clientDouble();
    const send = createZaloSend({ client, translator, logger: silentLogger(), onAuthFailure: () => undefined });
    await expect(send("a".repeat(20), { kind: "text", text: "  " }, "vi")).resolves.toEqual({ status: "permanent" });
    expect(texts).toHaveLength(0);
  });
});
