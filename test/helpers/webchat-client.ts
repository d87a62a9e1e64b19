// A web chat "person" over real HTTP, the way the page talks: keeps the session cookie and the page's
// session token, and sends both with Origin on every POST (the app refuses requests another page could make).
import { randomBytes } from "node:crypto";
import type { ChatItem } from "../../src/channels/webchat/history.ts";
import type { OutboundMessage } from "../../src/core/ports.ts";

export class WebChatClient {
  private cookie = "";
  /** The session token the page carries (x-chat-token); read from the page's HTML. */
  token = "";
  readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  async open(query = ""): Promise<string> {
    // A visit with the session cookie, once there is one (the page renews it, or starts a new session).
    const res = await fetch(`${this.baseUrl}/${query}`, { headers: this.cookie ? { cookie: this.cookie } : {} });
    this.keepCookie(res);
    const html = await res.text();
    this.token = tokenOf(html);
    return html;
  }

  /** Takes the session cookie a response sets (a new session after a return code, or an expired one). */
  keepCookie(res: Response): void {
    const set = res.headers.get("set-cookie");
    if (set) this.cookie = set.split(";")[0]!;
  }

  /** What the page sends with every POST. */
  pageHeaders(): Record<string, string> {
    return { "content-type": "application/json", cookie: this.cookie, origin: this.baseUrl, "x-chat-token": this.token };
  }

  /** A POST to another page route (session code, clear, resume), as the page makes it. */
  async postTo(route: string, body: unknown): Promise<Response> {
    const res = await fetch(`${this.baseUrl}${route}`, { method: "POST", headers: this.pageHeaders(), body: JSON.stringify(body) });
    this.keepCookie(res);
    return res;
  }

  get sessionId(): string {
    return this.cookie.split("=")[1] ?? "";
  }

  async post(body: unknown, raw = false): Promise<Response> {
    return fetch(`${this.baseUrl}/chat/messages`, {
      method: "POST",
      headers: this.pageHeaders(),
      body: raw ? (body as string) : JSON.stringify(body),
    });
  }

  async say(text: string, clientId = newId()): Promise<{ ok: boolean; duplicate: boolean }> {
    const res = await this.post({ clientId, text });
    if (res.status !== 200) throw new Error(`POST failed: ${res.status} ${await res.text()}`);
    return (await res.json()) as { ok: boolean; duplicate: boolean };
  }

  /** Opens the live stream (SSE) of this session, resuming after seq `lastEventId`; abort `signal` to close it. */
  async events(signal: AbortSignal, lastEventId?: number): Promise<Response> {
    const headers: Record<string, string> = { cookie: this.cookie };
    if (lastEventId !== undefined) headers["last-event-id"] = String(lastEventId);
    return fetch(`${this.baseUrl}/chat/events`, { headers, signal });
  }

  async start(): Promise<void> {
    await this.post({ clientId: newId(), start: true });
  }

  async history(after = 0): Promise<ChatItem[]> {
    const res = await fetch(`${this.baseUrl}/chat/history?after=${after}`, { headers: { cookie: this.cookie } });
    return ((await res.json()) as { items: ChatItem[] }).items;
  }

  /** Outbound messages after `after`, as the bot sent them. */
  async botMessages(after = 0): Promise<Array<OutboundMessage & { seq: number }>> {
    return (await this.history(after)).filter((i) => i.direction === "outbound").map((i) => ({ ...(i.body as OutboundMessage), seq: i.seq }));
  }

  async lastSeq(): Promise<number> {
    const items = await this.history();
    return items.at(-1)?.seq ?? 0;
  }

  async lastMenu(): Promise<Extract<OutboundMessage, { kind: "options" }>> {
    const menus = (await this.botMessages()).filter((m) => m.kind === "options");
    const last = menus.at(-1);
    if (!last || last.kind !== "options") throw new Error("no menu on screen");
    return last;
  }

  /** Taps the button whose id or label is given, on the latest menu. */
  async tap(idOrLabel: string): Promise<void> {
    const menu = await this.lastMenu();
    const option = menu.options.find((o) => o.id === idOrLabel || o.label === idOrLabel);
    if (!option) throw new Error(`no option ${idOrLabel} in [${menu.options.map((o) => o.id).join(", ")}]`);
    await this.post({ clientId: newId(), choice: { optionId: option.id, menuSeq: menu.menuSeq } });
  }

  /** Texts of bot messages that arrive after running `action`. */
  async repliesTo(action: () => Promise<unknown>): Promise<string[]> {
    const before = await this.lastSeq();
    await action();
    return (await this.botMessages(before)).map((m) => m.text);
  }
}

/** The token the page embeds in its strings (JSON in <script id="strings">). */
export function tokenOf(html: string): string {
  const json = /<script id="strings" type="application\/json">([^<]*)<\/script>/.exec(html)?.[1];
  return json ? ((JSON.parse(json) as { token?: string }).token ?? "") : "";
}

export function newId(): string {
  return randomBytes(8).toString("hex");
}
