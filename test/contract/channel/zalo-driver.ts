// Zalo driver: the whole app with ZALO_BOT_TOKEN + ZALO_API_BASE pointed at the fake Zalo Bot Platform, in
// webhook mode (the fake pushes to PUBLIC_URL/webhooks/zalo, mapped to the app on loopback) or long polling.
// Zalo has no buttons: menus arrive as numbered text, and "choosing" an option means typing its number.
import { FakeZaloBotApi, type FakeZaloUpdate } from "../../fakes/zalo-bot-api.ts";
import type { ZaloEventKind } from "../../fakes/zalo-fake-events.ts";
import { ZaloTestUser } from "../../fakes/zalo-test-user.ts";
import { startTestApp, type TestApp } from "../../helpers/start-app.ts";
import { captureLogs, lastMenuOf, SecretsLedger, type ChannelDriver, type ContractPerson, type DriverAppOptions, type Reply } from "./driver.ts";

export type ZaloMode = "webhook" | "polling";

const PUBLIC_URL = "https://chat.example.org";
const MEDIA_KINDS: readonly ZaloEventKind[] = ["image", "sticker", "voice", "unsupported"];

export function zaloDriver(mode: ZaloMode, appOptions: DriverAppOptions = {}): ChannelDriver {
  const logs = captureLogs();
  const ledger = new SecretsLedger();
  let fake: FakeZaloBotApi | undefined;
  let app: TestApp | undefined;
  let receiver = "http://127.0.0.1:9"; // known once the app listens; the setWebhook probe before that just fails
  return {
    name: `zalo (${mode})`,
    buttons: false,
    mediaKinds: MEDIA_KINDS,
    redelivers: true,
    get app() {
      if (!app) throw new Error("zalo driver not started");
      return app;
    },
    async start() {
      fake = await FakeZaloBotApi.start({ resolveWebhookUrl: (url) => url.replace(PUBLIC_URL, receiver) });
      const env = { ...appOptions.env, ZALO_BOT_TOKEN: fake.token, ZALO_API_BASE: fake.baseUrl, ...(mode === "webhook" ? { PUBLIC_URL } : {}) };
      app = await startTestApp({ zaloRetry: { baseDelayMs: 10, maxDelayMs: 100 }, ...appOptions, env, logger: logs.logger });
      receiver = app.url;
      const ready = mode === "webhook" ? () => fake!.callsOf("setWebhook").length > 0 : () => fake!.heldPolls > 0;
      await fake.waitFor(ready, 10_000, `the app to start Zalo ${mode}`);
    },
    async stop() {
      await app?.stop();
      await fake?.close();
    },
    async newPerson() {
      const user = new ZaloTestUser(fake!, { settle: () => this.app.engine.drain() });
      ledger.add(user.id);
      return new ZaloPerson(fake!, user, ledger);
    },
    logText: () => logs.text(),
    secrets: () => [...ledger.list(), fake!.token.slice(fake!.token.indexOf(":") + 1)],
  };
}

class ZaloPerson implements ContractPerson {
  readonly channel = "zalo" as const;
  readonly externalId: string;
  private readonly fake: FakeZaloBotApi;
  private readonly user: ZaloTestUser;
  private readonly ledger: SecretsLedger;
  private last: FakeZaloUpdate | undefined;

  constructor(fake: FakeZaloBotApi, user: ZaloTestUser, ledger: SecretsLedger) {
    this.fake = fake;
    this.user = user;
    this.ledger = ledger;
    this.externalId = user.id;
  }

  begin(): Promise<Reply[]> {
    return this.say("xin chào");
  }

  say(text: string): Promise<Reply[]> {
    this.ledger.add(text);
    return this.send({ text });
  }

  async choose(label: string, menu?: Reply): Promise<Reply[]> {
    if (menu) throw new Error("Zalo has no buttons: only the latest menu can be answered");
    const options = (await this.lastMenu()).options;
    const index = options.indexOf(label);
    if (index < 0) throw new Error(`no option "${label}" in [${options.join(", ")}]`);
    return this.send({ text: String(index + 1) });
  }

  sendMedia(kind: string): Promise<Reply[]> {
    if (!MEDIA_KINDS.includes(kind as ZaloEventKind)) throw new Error(`unknown media kind ${kind}`);
    return this.send({ kind: kind as ZaloEventKind });
  }

  async redeliverLast(): Promise<void> {
    if (!this.last) throw new Error("nothing delivered yet");
    const deliveries = await this.fake.injectUpdate(this.last);
    // Webhook: the push is answered before the app works on it; polling: the next getUpdates takes it.
    // Either way the person's later messages are handled after it (one queue per chat).
    if (deliveries.some((d) => d.result.status !== 200)) throw new Error("the redelivery was not accepted");
  }

  async replies(): Promise<Reply[]> {
    return this.user.received.map(parseZaloText);
  }

  async lastMenu(): Promise<Reply> {
    return lastMenuOf(await this.replies());
  }

  private async send(spec: { text?: string; kind?: ZaloEventKind }): Promise<Reply[]> {
    const sent = await this.user.send(spec);
    this.last = sent.update;
    return sent.replies.map(parseZaloText);
  }
}

/**
 * Reads a menu back from Zalo's numbered text: "Question\n\n1. First\n2. Second\n\n(Reply with a number…)"
 * becomes {text: "Question", options: ["First", "Second"]}; any other text has no options.
 */
export function parseZaloText(raw: string): Reply {
  const blocks = raw.split("\n\n");
  const list = blocks.at(-2)?.split("\n") ?? [];
  const numbered = list.length > 0 && list.every((line, i) => line.startsWith(`${i + 1}. `));
  if (blocks.length < 3 || !numbered || !/^\(.*\)$/.test(blocks.at(-1) ?? "")) return { text: raw, options: [] };
  return { text: blocks.slice(0, -2).join("\n\n"), options: list.map((line) => line.slice(line.indexOf(". ") + 2)) };
}
