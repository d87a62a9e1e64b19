import { describe, expect, it } from "vitest";
import { clientAddress } from "../../../src/console/routes/helpers.ts";

describe("client address for sign-in throttling", () => {
  it("uses the peer and ignores X-Forwarded-For when no proxy is trusted", () => {
    expect(clientAddress("10.0.0.5", "1.2.3.4", 0)).toBe("10.0.0.5");
    expect(clientAddress(undefined, undefined, 0)).toBe("unknown");
  });
  it("behind one proxy takes the last entry, never what the client wrote further left", () => {
    expect(clientAddress("10.0.0.5", "6.6.6.6, 203.0.113.9", 1)).toBe("203.0.113.9");
  });
  it("behind two proxies takes the second entry from the right", () => {
    expect(clientAddress("10.0.0.5", "6.6.6.6, 203.0.113.9, 10.0.0.2", 2)).toBe("203.0.113.9");
  });
  it("falls back to the peer when the header is missing", () => {
    expect(clientAddress("10.0.0.5", undefined, 1)).toBe("10.0.0.5");
  });
});
