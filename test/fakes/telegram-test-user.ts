// A Telegram "person" for end-to-end tests and benchmarks: types, taps buttons and reads the bot's
// replies through the fake Bot API. A turn counts as finished when `settle` resolves after the first
// reply arrived (e.g. the whole app's engine.drain(), or the webhook delivery's 200).
import { decodeChoice } from "../../src/core/conversation/options-text.ts";
import type { FakeTelegramBotApi, FakeUser, FakeUpdate, RecordedCall } from "./telegram-bot-api.ts";
import { parseHtmlText } from "./telegram-fake-validate.ts";

export interface BotReply {
  text: string;
  /** Option ids of the inline keyboard's callback buttons, in order. */
  options: string[];
  urls: string[];
  call: RecordedCall;
}

type Keyboard = { inline_keyboard?: Array<Array<{ text: string; callback_data?: string; url?: string }>> };

export class TelegramTestUser {
  readonly fake: FakeTelegramBotApi;
  readonly chatId: number;
  readonly from: FakeUser;
  private readonly settle: (update: FakeUpdate) => Promise<void>;

  constructor(fake: FakeTelegramBotApi, chatId: number, settle: (update: FakeUpdate) => Promise<void>, from: FakeUser = {}) {
    this.fake = fake;
    this.chatId = chatId;
    this.settle = settle;
    this.from = from;
  }

  /** Every reply to this chat so far. */
  replies(): BotReply[] {
    return this.fake.callsOf("sendMessage", (c) => c.params.chat_id === this.chatId && c.status === 200).map(toReply);
  }

  lastMenu(): BotReply {
    const menu = this.replies().findLast((r) => r.options.length > 0);
    if (!menu) throw new Error(`no menu so far; replies: ${JSON.stringify(this.replies().map((r) => r.text.slice(0, 60)))}`);
    return menu;
  }

  say(text: string): Promise<BotReply[]> {
    return this.act(() => this.fake.injectText(this.chatId, text, this.from));
  }

  /** Taps the button for `optionId` on the latest menu. */
  tap(optionId: string): Promise<BotReply[]> {
    const data = this.lastMenu().call.params.reply_markup as Keyboard;
    const button = data.inline_keyboard?.flat().find((b) => b.callback_data !== undefined && decodeChoice(b.callback_data)?.optionId === optionId);
    if (!button?.callback_data) throw new Error(`no button "${optionId}" on the latest menu`);
    const payload = button.callback_data;
    return this.act(() => this.fake.injectCallback(this.chatId, payload, this.from));
  }

  /** Injects any update (or re-delivers one) and returns the replies it caused. */
  async act(inject: () => FakeUpdate): Promise<BotReply[]> {
    const before = this.replies().length;
    const update = inject();
    await this.fake.waitForCall("sendMessage", (c) => c.params.chat_id === this.chatId && this.replies().length > before);
    await this.settle(update);
    return this.replies().slice(before);
  }

  /**
   * For updates that should get no reply: injects them, then sends `marker` from the same chat. Updates
   * of one chat are handled in order, so the marker's replies prove the earlier ones were handled;
   * returns every reply since the injection (only the marker's when the bot stayed silent).
   */
  async quietly(inject: () => unknown, marker = "/menu"): Promise<BotReply[]> {
    const before = this.replies().length;
    inject();
    await this.say(marker);
    return this.replies().slice(before);
  }
}

function toReply(call: RecordedCall): BotReply {
  const keyboard = (call.params.reply_markup as Keyboard | undefined)?.inline_keyboard?.flat() ?? [];
  return {
    text: parseHtmlText(String(call.params.text)),
    options: keyboard.flatMap((b) => (b.callback_data ? [decodeChoice(b.callback_data)?.optionId ?? "?"] : [])),
    urls: keyboard.flatMap((b) => (b.url ? [b.url] : [])),
    call,
  };
}
