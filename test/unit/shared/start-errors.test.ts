// A busy port (or another listen failure an operator can fix) becomes one plain line, not a stack trace.
import net from "node:net";
import { describe, expect, it } from "vitest";
import { startErrorLine } from "../../../src/shared/errors/start-errors.ts";

function listenError(port: number): Promise<unknown> {
  return new Promise((resolve) => {
    const second = net.createServer();
    second.once("error", resolve);
    second.listen(port, "127.0.0.1", () => second.close(() => resolve(null)));
  });
}

describe("startErrorLine", () => {
  it("says the port is in use and how to choose another, in one line", async () => {
    const first = net.createServer();
    await new Promise<void>((resolve) => first.listen(0, "127.0.0.1", resolve));
    const port = (first.address() as net.AddressInfo).port;
    try {
      const line = startErrorLine(await listenError(port));
      expect(line).toBe(
        `Cannot start: port 127.0.0.1:${port} is already in use (is another "npm start" running?). Stop the other process, or choose a free port: PORT=${port + 1} npm start`,
      );
      expect(line).not.toContain("\n");
    } finally {
      await new Promise<void>((resolve) => first.close(() => resolve()));
    }
  });

  it("leaves other errors alone", () => {
    expect(startErrorLine(new Error("boom"))).toBeNull();
    expect(startErrorLine("boom")).toBeNull();
    expect(startErrorLine(Object.assign(new Error("denied"), { code: "EACCES", syscall: "listen", address: "0.0.0.0", port: 80 }))).toContain(
      "port above 1023",
    );
  });
});
