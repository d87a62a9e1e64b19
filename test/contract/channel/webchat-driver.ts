// Web chat driver: the whole app, a person = a browser session over real HTTP: the page (session cookie),
// POST /chat/messages, and the live stream (SSE) the page reads its replies from. A POST returns after
// the app has handled the turn; the driver then waits until the stream delivered that turn's replies.
import type { OutboundMessage } from "../../../src/core/ports.ts";
import { startTestApp, type TestApp } from "../../helpers/start-app.ts";
import { WebChatClient, newId } from "../../helpers/webchat-client.ts";
import { WebChatLive, type LiveItem } from "../../helpers/webchat-live.ts";
import { captureLogs, lastMenuOf, SecretsLedger, type ChannelDriver, type ContractPerson, type DriverAppOptions, type Reply } from "./driver.ts";

type OptionsMessage = Extract<OutboundMessage, { kind: "options" }>;

export function webchatDriver(appOptions: DriverAppOptions = {}): ChannelDriver {
  const logs = captureLogs();
  const ledger = new SecretsLedger();
  const streams: WebChatLive[] = [];
  let app: TestApp | undefined;
  return {
    name: "webchat",
    buttons: true,
    mediaKinds: [],
    redelivers: true,
    get app() {
      if (!app) throw new Error("webchat driver not started");
      return app;
    },
    async start() {
      app = await startTestApp({ ...appOptions, logger: logs.logger });
    },
    async stop() {
      for (const live of streams) live.close(); // open streams would hold the server's close
      await app?.stop();
    },
    async newPerson() {
      const client = new WebChatClient(this.app.url);
      await client.open();
      ledger.add(client.sessionId);
      const live = await WebChatLive.connect(client);
      streams.push(live);
      return new WebChatPerson(client, live, ledger);
    },
    logText: () => logs.text(),
    secrets: () => ledger.list(),
  };
}

class WebChatPerson implements ContractPerson {
  readonly channel = "webchat" as const;
  readonly externalId: string;
  private readonly client: WebChatClient;
  private readonly live: WebChatLive;
  private readonly ledger: SecretsLedger;
  /** The menu each options Reply came from, so a tap can name its menuSeq and option id. */
  private readonly menus = new WeakMap<Reply, OptionsMessage>();
  private readonly replyOf = new WeakMap<LiveItem, Reply>();
  private lastBody: unknown;

  constructor(client: WebChatClient, live: WebChatLive, ledger: SecretsLedger) {
    this.client = client;
    this.live = live;
    this.ledger = ledger;
    this.externalId = client.sessionId;
  }

  begin(): Promise<Reply[]> {
    return this.post({ clientId: newId(), start: true });
  }

  say(text: string): Promise<Reply[]> {
    this.ledger.add(text);
    return this.post({ clientId: newId(), text });
  }

  async choose(label: string, menu?: Reply): Promise<Reply[]> {
    const source = this.menus.get(menu ?? (await this.lastMenu()));
    if (!source) throw new Error("that reply is not a menu this person received");
    const option = source.options.find((o) => o.label === label);
    if (!option) throw new Error(`no option "${label}" in [${source.options.map((o) => o.label).join(", ")}]`);
    return this.post({ clientId: newId(), choice: { optionId: option.id, menuSeq: source.menuSeq } });
  }

  sendMedia(): Promise<Reply[]> {
    throw new Error("the web chat carries text only");
  }

  async redeliverLast(): Promise<void> {
    const res = await this.client.post(this.lastBody);
    if (res.status !== 200) throw new Error(`redelivery answered ${res.status}`);
  }

  /** Also sees what the bot sent on its own (a bot-initiated turn): waits for the stream to carry the last stored reply. */
  async replies(): Promise<Reply[]> {
    await this.storedArrived(0);
    return this.toReplies(this.live.items);
  }

  async lastMenu(): Promise<Reply> {
    return lastMenuOf(await this.replies());
  }

  private async post(body: unknown): Promise<Reply[]> {
    this.lastBody = body;
    const mark = this.live.items.length;
    const before = await this.client.lastSeq();
    const res = await this.client.post(body);
    if (res.status !== 200) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
    await this.caughtUp(before, mark);
    return this.toReplies(this.live.items.slice(mark));
  }

  /** Waits until the stream carried the turn's replies: up to the last stored one, or the unstored goodbye. */
  private async caughtUp(beforeSeq: number, mark: number): Promise<void> {
    if (await this.storedArrived(beforeSeq)) return;
    // Nothing stored: either a repeat (nothing to wait for) or the person's data is gone (history empty).
    if ((await this.client.history()).length === 0) await this.live.waitFor((items) => items.slice(mark).some((i) => i.erased === true), 10_000, "the goodbye");
  }

  /** Waits for the last reply stored after `beforeSeq` to come through the stream; false when there is none. */
  private async storedArrived(beforeSeq: number): Promise<boolean> {
    const lastSeq = (await this.client.botMessages(beforeSeq)).at(-1)?.seq;
    if (lastSeq === undefined) return false;
    await this.live.waitFor((items) => items.some((i) => i.seq === lastSeq), 10_000, `reply ${lastSeq}`);
    return true;
  }

  private toReplies(items: LiveItem[]): Reply[] {
    return items.filter((i) => i.direction === "outbound").map((item) => this.toReply(item));
  }

  private toReply(item: LiveItem): Reply {
    const known = this.replyOf.get(item);
    if (known) return known;
    const m = item.body;
    const reply: Reply = { text: m.text, options: m.kind === "options" ? m.options.map((o) => o.label) : [] };
    if (m.kind === "options") this.menus.set(reply, m);
    this.replyOf.set(item, reply);
    return reply;
  }
}
