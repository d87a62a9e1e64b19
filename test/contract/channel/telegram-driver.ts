// Telegram driver: the whole app with TELEGRAM_BOT_TOKEN + TELEGRAM_API_ROOT pointed at the fake Bot API,
// in webhook mode (the fake pushes updates to the app) or long polling (grammY's runner pulls them).
// The real grammY code talks HTTP to the fake on loopback; a person is one private chat.
import { startFakeTelegram, type FakeTelegramBotApi, type FakeUpdate } from "../../fakes/telegram-bot-api.ts";
import { TelegramTestUser, type BotReply } from "../../fakes/telegram-test-user.ts";
import { freePort } from "../../helpers/free-port.ts";
import { startTestApp, type TestApp } from "../../helpers/start-app.ts";
import { captureLogs, lastMenuOf, SecretsLedger, type ChannelDriver, type ContractPerson, type DriverAppOptions, type Reply } from "./driver.ts";

export type TelegramMode = "webhook" | "polling";

type Keyboard = { inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>> };

// Message fields of the non-text kinds a person can send (the app never downloads them).
const MEDIA: Record<string, Record<string, unknown>> = {
  photo: { photo: [{ file_id: "AgAD", file_unique_id: "u", width: 90, height: 90 }], caption: "ảnh" },
  sticker: { sticker: { file_id: "CAAD", file_unique_id: "s", type: "regular", width: 1, height: 1, is_animated: false, is_video: false } },
  voice: { voice: { file_id: "AwAD", file_unique_id: "v", duration: 3 } },
  document: { document: { file_id: "BQAD", file_unique_id: "d", file_name: "giay-to.pdf" } },
};

export function telegramDriver(mode: TelegramMode, appOptions: DriverAppOptions = {}): ChannelDriver {
  const logs = captureLogs();
  const ledger = new SecretsLedger();
  let fake: FakeTelegramBotApi | undefined;
  let app: TestApp | undefined;
  // Chat ids far from anything else in a log line (timestamps, ports), so the log check cannot match by chance.
  let nextChat = mode === "webhook" ? 6_100_000_001 : 6_200_000_001;

  const settle = async (update: FakeUpdate): Promise<void> => {
    // The webhook answers 200 only after the app handled the update; drain() covers the rest of the turn.
    if (mode === "webhook") await fake!.waitForDelivery(update.update_id, (d) => d.status === 200);
    await app!.engine.drain();
  };

  return {
    name: `telegram (${mode})`,
    buttons: true,
    mediaKinds: Object.keys(MEDIA),
    redelivers: mode === "webhook",
    get app() {
      if (!app) throw new Error("telegram driver not started");
      return app;
    },
    async start() {
      fake = await startFakeTelegram();
      const env: Record<string, string | undefined> = { ...appOptions.env, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot };
      if (mode === "webhook") {
        const port = await freePort();
        Object.assign(env, { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
      }
      app = await startTestApp({ ...appOptions, env, logger: logs.logger });
      if (mode === "polling") await fake.waitForCall("getUpdates");
    },
    async stop() {
      await app?.stop();
      await fake?.close();
    },
    async newPerson() {
      const chatId = nextChat++;
      ledger.add(String(chatId));
      return new TelegramPerson(new TelegramTestUser(fake!, chatId, settle, { language_code: "vi" }), ledger, (update) => redeliver(fake!, update, mode));
    },
    logText: () => logs.text(),
    secrets: () => [...ledger.list(), fake!.token.slice(fake!.token.indexOf(":") + 1)],
  };
}

/** Pushes the same update again and waits until the app answered that second delivery. */
async function redeliver(fake: FakeTelegramBotApi, update: FakeUpdate, mode: TelegramMode): Promise<void> {
  if (mode !== "webhook") throw new Error("long polling confirms offsets: Telegram never hands the app an update twice");
  const done = () => fake.deliveries.filter((d) => d.updateId === update.update_id && d.status === 200).length >= 2;
  const second = new Promise<void>((resolve, reject) => {
    const off = fake.queue.onDelivery(() => {
      if (!done()) return;
      clearTimeout(timer);
      off();
      resolve();
    });
    const timer = setTimeout(() => {
      off();
      reject(new Error(`update ${update.update_id} was not delivered a second time`));
    }, 10_000);
  });
  fake.injectUpdate(structuredClone(update));
  await second;
}

class TelegramPerson implements ContractPerson {
  readonly channel = "telegram" as const;
  readonly externalId: string;
  private readonly user: TelegramTestUser;
  private readonly ledger: SecretsLedger;
  private readonly redeliver: (update: FakeUpdate) => Promise<void>;
  /** The sendMessage behind each Reply, so a tap can find the button's callback data. */
  private readonly sources = new WeakMap<Reply, BotReply>();
  private last: FakeUpdate | undefined;

  constructor(user: TelegramTestUser, ledger: SecretsLedger, redeliver: (update: FakeUpdate) => Promise<void>) {
    this.user = user;
    this.ledger = ledger;
    this.redeliver = redeliver;
    this.externalId = String(user.chatId);
  }

  begin(): Promise<Reply[]> {
    return this.say("/start");
  }

  say(text: string): Promise<Reply[]> {
    this.ledger.add(text);
    return this.act(() => this.user.fake.injectText(this.user.chatId, text, this.user.from));
  }

  async choose(label: string, menu?: Reply): Promise<Reply[]> {
    const source = this.sources.get(menu ?? (await this.lastMenu()));
    const keyboard = source?.call.params.reply_markup as Keyboard | undefined;
    const button = keyboard?.inline_keyboard?.flat().find((b) => b.text === label && b.callback_data !== undefined);
    if (!button?.callback_data) throw new Error(`no button "${label}" on that menu`);
    const data = button.callback_data;
    return this.act(() => this.user.fake.injectCallback(this.user.chatId, data, this.user.from));
  }

  sendMedia(kind: string): Promise<Reply[]> {
    const fields = MEDIA[kind];
    if (!fields) throw new Error(`unknown media kind ${kind}`);
    return this.act(() => this.user.fake.injectMessage(this.user.chatId, fields, this.user.from));
  }

  async redeliverLast(): Promise<void> {
    if (!this.last) throw new Error("nothing delivered yet");
    await this.redeliver(this.last);
  }

  async replies(): Promise<Reply[]> {
    return this.user.replies().map((r) => this.toReply(r));
  }

  async lastMenu(): Promise<Reply> {
    return lastMenuOf(await this.replies());
  }

  private async act(inject: () => FakeUpdate): Promise<Reply[]> {
    const replies = await this.user.act(() => (this.last = inject()));
    return replies.map((r) => this.toReply(r));
  }

  private toReply(bot: BotReply): Reply {
    const keyboard = (bot.call.params.reply_markup as Keyboard | undefined)?.inline_keyboard?.flat() ?? [];
    const reply: Reply = { text: bot.text, options: keyboard.filter((b) => b.callback_data !== undefined).map((b) => b.text) };
    this.sources.set(reply, bot);
    return reply;
  }
}
