import { describe, expect, it } from "vitest";
import { escapeHtml, renderMessage } from "../../../../src/channels/telegram/render-message.ts";
import { deriveWebhookSecret } from "../../../../src/channels/telegram/webhook-app.ts";
import { secretMatcher } from "../../../../src/shared/crypto/secret-matcher.ts";
import { describeError, redactToken } from "../../../../src/channels/telegram/describe-error.ts";
import { GrammyError } from "grammy";

describe("renderMessage", () => {
  it("escapes HTML", () => {
    expect(escapeHtml(`<script>alert("x")</script> & co`)).toBe(`&lt;script&gt;alert("x")&lt;/script&gt; &amp; co`);
  });

  it("puts one option per row with encoded callback data", () => {
    const parts = renderMessage({
      kind: "options",
      text: "Pick",
      menuSeq: 4,
      options: [
        { id: "a", label: "A" },
        { id: "b", label: "B" },
      ],
    });
    expect(parts).toEqual([
      { html: "Pick", replyMarkup: { inline_keyboard: [[{ text: "A", callback_data: "c:4:a" }], [{ text: "B", callback_data: "c:4:b" }]] } },
    ]);
  });

  it("renders links as a URL button, or as text for schemes Telegram refuses", () => {
    expect(renderMessage({ kind: "link", text: "See", url: "https://example.org/x", label: "Open" })).toEqual([
      { html: "See", replyMarkup: { inline_keyboard: [[{ text: "Open", url: "https://example.org/x" }]] } },
    ]);
    expect(renderMessage({ kind: "link", text: "Call", url: "tel:113", label: "Police" })).toEqual([{ html: "Call\nPolice: tel:113" }]);
  });

  it("splits long text on paragraphs, escapes after splitting, buttons on the last part", () => {
    const para = "<".repeat(3000);
    const parts = renderMessage({ kind: "options", text: `${para}\n\n${para}`, menuSeq: 1, options: [{ id: "a", label: "A" }] });
    expect(parts).toHaveLength(2);
    expect(parts[0]).toEqual({ html: "&lt;".repeat(3000) });
    expect(parts[1]?.replyMarkup).toBeDefined();
  });

  it("sends nothing for empty text without buttons, a placeholder with buttons", () => {
    expect(renderMessage({ kind: "text", text: "  " })).toEqual([]);
    expect(renderMessage({ kind: "options", text: "", menuSeq: 1, options: [{ id: "a", label: "A" }] })[0]?.html).toBe("…");
  });
});

describe("webhook secret and error redaction", () => {
  it("derives a stable, header-safe secret and compares it", () => {
    const s = deriveWebhookSecret("1:abc");
    expect(s).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(deriveWebhookSecret("1:abc")).toBe(s);
    expect(deriveWebhookSecret("1:abd")).not.toBe(s);
    expect(secretMatcher(s)(s)).toBe(true);
    expect(secretMatcher(s)(s.slice(1))).toBe(false);
    expect(secretMatcher(s)("")).toBe(false);
  });

  it("never puts the token or the request payload in a summary", () => {
    const token = "123456789:AAFakeTokenForTestsOnly_abcdefghijk";
    expect(redactToken(`GET /bot${token}/getMe`, token)).toBe("GET /bot[token]/getMe");
    const e = new GrammyError("x", { ok: false, error_code: 400, description: "Bad Request: chat not found" }, "sendMessage", {
      chat_id: 42,
      text: "secret words",
    });
    const summary = describeError(e, token);
    expect(summary).toEqual({ name: "GrammyError", message: "Bad Request: chat not found", method: "sendMessage", errorCode: 400 });
    expect(JSON.stringify(describeError(new Error(`boom ${token}`), token))).not.toContain(token);
  });
});
