// The same web chat message sent again and again: one person's message (one clientId) is posted once
// and handled, then posted `repeats` more times by `concurrency` workers at once. Shared by
// test/integration/duplicate-storm.test.ts (behaviour) and bench/duplicate-storm.ts (time).
import { WebChatClient, newId } from "./webchat-client.ts";

export interface StormResult {
  clientId: string;
  /** The first post's answer (the message handled). */
  first: { status: number; duplicate?: boolean };
  /** Every repeat's answer, in completion order. */
  repeats: Array<{ status: number; duplicate?: boolean }>;
  /** Wall time of the repeats, in milliseconds. */
  stormMs: number;
  client: WebChatClient;
}

async function postOnce(c: WebChatClient, clientId: string, text: string): Promise<{ status: number; duplicate?: boolean }> {
  const res = await c.post({ clientId, text });
  const body = (await res.json().catch(() => ({}))) as { duplicate?: boolean };
  return { status: res.status, duplicate: body.duplicate };
}

export async function duplicateStorm(
  baseUrl: string,
  o: { repeats: number; concurrency: number; text?: string; /** Runs after the first post, before the repeats. */ beforeStorm?: () => Promise<void> },
): Promise<StormResult> {
  const client = new WebChatClient(baseUrl);
  await client.open();
  await client.start();
  await client.tap("vi");
  const clientId = newId();
  const text = o.text ?? "xin chào";
  const first = await postOnce(client, clientId, text);
  await o.beforeStorm?.();
  const repeats: StormResult["repeats"] = [];
  let started = 0;
  const worker = async () => {
    while (started < o.repeats) {
      started += 1;
      repeats.push(await postOnce(client, clientId, text));
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  return { clientId, first, repeats, stormMs: performance.now() - t0, client };
}
