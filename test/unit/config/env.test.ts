import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "../../../src/config/env.ts";

describe("config", () => {
  it("defaults to the embedded database on port 3000", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: "./data" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(Object.isFrozen(env)).toBe(true);
  });
  it("lists every problem at once, each with how to fix it", () => {
    try {
      parseEnv({ NODE_ENV: "production", PORT: "99999", DATABASE_URL: "mysql://x", TELEGRAM_BOT_TOKEN: "nope" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join("\n");
      for (const key of ["PORT", "DATABASE_URL", "TELEGRAM_BOT_TOKEN", "ENCRYPTION_KEY", "HMAC_KEY"]) expect(problems).toContain(key);
      expect(problems).toContain("randomBytes(32)");
    }
  });
  it("takes a direct URL beside a pooled one, and says why it needs the pooled one", () => {
    const env = parseEnv({ DATABASE_URL: "postgresql://kna@pooler:6432/kna", DATABASE_DIRECT_URL: "postgresql://kna@db:5432/kna" });
    expect(env.DATABASE_DIRECT_URL).toBe("postgresql://kna@db:5432/kna");
    expect(() => parseEnv({ DATABASE_DIRECT_URL: "postgresql://kna@db:5432/kna" })).toThrow(/DATABASE_DIRECT_URL.*set DATABASE_URL/);
    expect(() => parseEnv({ DATABASE_URL: "postgresql://kna@pooler:6432/kna", DATABASE_DIRECT_URL: "db:5432" })).toThrow(
      /DATABASE_DIRECT_URL must start with postgresql/,
    );
  });
});
