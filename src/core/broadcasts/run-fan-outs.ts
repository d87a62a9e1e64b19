// The job's entry: one broadcast, or every broadcast being sent whose fan-out has not finished.
import { fanOutBroadcast, type FanOutDeps } from "./fan-out-broadcast.ts";

export async function runFanOuts(d: FanOutDeps, broadcastId?: string): Promise<{ broadcasts: number; queued: number }> {
  const ids = broadcastId ? [broadcastId] : await d.stores.broadcasts.listUnfannedOut(20);
  let queued = 0;
  for (const id of ids) queued += (await fanOutBroadcast(d, id)).queued;
  return { broadcasts: ids.length, queued };
}
