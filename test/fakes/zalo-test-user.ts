// A person chatting with the bot on Zalo, through the fake platform: sends events from one private
// chat and reads what the bot sent back to that chat.
import type { FakeZaloBotApi } from "./zalo-bot-api.ts";
import { hexId, type InjectSpec } from "./zalo-fake-events.ts";
import { WAIT_CEILING_MS } from "../helpers/wait.ts";

export interface ZaloTestUserOptions {
  /** Waits until the app has finished the turn in progress (the engine's drain()); default: only the first reply is awaited. */
  settle?: () => Promise<void>;
  timeoutMs?: number;
}

export class ZaloTestUser {
  readonly id = hexId();
  private readonly fake: FakeZaloBotApi;
  private readonly settle: () => Promise<void>;
  private readonly timeoutMs: number;

  constructor(fake: FakeZaloBotApi, options: ZaloTestUserOptions = {}) {
    this.fake = fake;
    this.settle = options.settle ?? (async () => undefined);
    this.timeoutMs = options.timeoutMs ?? WAIT_CEILING_MS;
  }

  /** Every text the bot sent to this person, in order. */
  get received(): string[] {
    return this.fake.sentTo(this.id).map((s) => s.text ?? "");
  }

  /** Sends one event and returns the bot's replies to it (waits for at least one). */
  async send(
    spec: Omit<InjectSpec, "userId" | "chatType"> = {},
  ): Promise<{ replies: string[]; messageId: string; update: Awaited<ReturnType<FakeZaloBotApi["inject"]>>["update"] }> {
    const before = this.received.length;
    const injected = await this.fake.inject({ ...spec, userId: this.id });
    await this.fake.waitFor(() => this.received.length > before, this.timeoutMs, "a reply from the bot");
    await this.settle();
    return { replies: this.received.slice(before), messageId: injected.messageId, update: injected.update };
  }

  async say(text: string): Promise<string[]> {
    return (await this.send({ text })).replies;
  }

  /** The last numbered menu the bot sent, as option labels. */
  lastMenu(): { text: string; options: string[] } {
    const menu = [...this.received].reverse().find((t) => /\n1\. /.test(t));
    if (!menu) throw new Error("no menu received yet");
    const options = [...menu.matchAll(/^\d+\. (.+)$/gm)].map((m) => m[1] ?? "");
    return { text: menu.split("\n\n")[0] ?? "", options };
  }
}
