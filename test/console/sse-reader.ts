// Reads SSE event names from one stream across calls; a read left pending by a timeout is reused.
export function sseReader(res: Response): (until: (names: string[]) => boolean, ms: number) => Promise<string[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  return async function events(until, ms) {
    const names: string[] = [];
    const deadline = Date.now() + ms;
    while (Date.now() < deadline && !until(names)) {
      pending ??= reader.read();
      const chunk = await Promise.race([pending, new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
      if (!chunk) break;
      pending = undefined;
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      for (const m of buffer.matchAll(/^event: (\w+)$/gm)) names.push(m[1]!);
      buffer = buffer.slice(buffer.lastIndexOf("\n") + 1);
    }
    return names;
  };
}
