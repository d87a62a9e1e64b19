// Configuration: parsed once at boot from the environment into a frozen, typed object.
// Every problem is reported at once, each with how to fix it.
import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const base64Key = (name: string) =>
  optionalString.refine((v) => v === undefined || Buffer.from(v, "base64").length === 32, {
    message: `${name} must be 32 random bytes in base64. Make one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`,
  });

const rate = (name: string, fallback: number) =>
  z.coerce.number().positive(`${name} must be a number of messages a second above 0, e.g. ${fallback}`).max(10_000).default(fallback);
const burst = (name: string, fallback: number) =>
  z.coerce.number().int(`${name} must be a whole number of messages`).min(1, `${name} must be at least 1`).max(100).default(fallback);

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0, "PORT must be 0–65535").max(65535, "PORT must be 0–65535").default(3000),
    HOST: z.string().default("0.0.0.0"),
    DATA_DIR: z.string().min(1).default("./data"),
    DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: "DATABASE_URL must start with postgresql:// (or leave it unset to use the embedded database)",
    }),
    /**
     * A direct connection to the same database, for what needs a server session of its own (migrations,
     * locks held across statements, pg-boss). Set it when DATABASE_URL goes through a transaction-mode
     * pooler (PgBouncer): the app then prepares no statements on DATABASE_URL.
     */
    DATABASE_DIRECT_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: "DATABASE_DIRECT_URL must start with postgresql:// (a direct connection, not through the pooler)",
    }),
    ENCRYPTION_KEY: base64Key("ENCRYPTION_KEY"),
    ENCRYPTION_KEY_ID: z
      .string()
      .regex(/^[a-z0-9]{1,16}$/, "ENCRYPTION_KEY_ID must be 1–16 lower-case letters or digits")
      .default("k1"),
    /** Older keys still readable after a rotation: "id:base64,id:base64". */
    ENCRYPTION_OLD_KEYS: optionalString,
    HMAC_KEY: base64Key("HMAC_KEY"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    PUBLIC_URL: optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
      message: "PUBLIC_URL must be the public https:// address of this server, e.g. https://chat.example.org",
    }),
    TELEGRAM_BOT_TOKEN: optionalString.refine((v) => v === undefined || /^\d+:[\w-]{20,}$/.test(v), {
      message: "TELEGRAM_BOT_TOKEN looks wrong: copy it from @BotFather (digits, a colon, then ~35 characters)",
    }),
    TELEGRAM_API_ROOT: z.url({ message: "TELEGRAM_API_ROOT must be a URL such as https://api.telegram.org" }).default("https://api.telegram.org"),
    ZALO_BOT_TOKEN: optionalString,
    ZALO_API_BASE: z.url({ message: "ZALO_API_BASE must be a URL such as https://bot-api.zaloplatforms.com" }).default("https://bot-api.zaloplatforms.com"),
    /** Reverse proxies of ours in front of the app (each appends to X-Forwarded-For); 0 trusts no header. */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0, "TRUSTED_PROXY_HOPS must be 0–5").max(5, "TRUSTED_PROXY_HOPS must be 0–5").default(0),
    /** Abandoned half-finished intakes are purged after this many days. */
    INTAKE_ABANDON_DAYS: z.coerce.number().int().min(1).max(365).default(7),
    /** Closed cases keep their message bodies and notes this many days; then a nightly job removes them. */
    RETENTION_DAYS: z.coerce.number().int().min(1, "RETENTION_DAYS must be 1–3650").max(3650, "RETENTION_DAYS must be 1–3650").default(180),
    /** Club meeting reminders go this many hours before the start (to members who did not decline). */
    CLUB_REMINDER_HOURS_BEFORE: z.coerce
      .number()
      .int()
      .min(1, "CLUB_REMINDER_HOURS_BEFORE must be 1–168")
      .max(168, "CLUB_REMINDER_HOURS_BEFORE must be 1–168")
      .default(24),
    /** Crisis escalation (minutes after a case became a crisis): ping staff again when unclaimed, then a second time. */
    CRISIS_CLAIM_TARGET_MINUTES: z.coerce
      .number()
      .int()
      .min(1, "CRISIS_CLAIM_TARGET_MINUTES must be 1–120")
      .max(120, "CRISIS_CLAIM_TARGET_MINUTES must be 1–120")
      .default(5),
    CRISIS_SECOND_PING_MINUTES: z.coerce
      .number()
      .int()
      .min(1, "CRISIS_SECOND_PING_MINUTES must be 1–240")
      .max(240, "CRISIS_SECOND_PING_MINUTES must be 1–240")
      .default(15),
    /** A crisis with no counsellor reply by then: the person is told a counsellor will write soon (and the numbers). */
    CRISIS_WAIT_NOTICE_MINUTES: z.coerce
      .number()
      .int()
      .min(1, "CRISIS_WAIT_NOTICE_MINUTES must be 1–120")
      .max(120, "CRISIS_WAIT_NOTICE_MINUTES must be 1–120")
      .default(10),
    /** The web chat forgets a device after this many hours without a visit or a message. */
    WEBCHAT_IDLE_HOURS: z.coerce.number().int().min(1, "WEBCHAT_IDLE_HOURS must be 1–720").max(720, "WEBCHAT_IDLE_HOURS must be 1–720").default(24),
    /** Where the web chat's "leave quickly" button goes: a neutral site. */
    METRICS_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, {
      message: "METRICS_TOKEN must be at least 16 characters, e.g. node -e \"console.log(require('crypto').randomBytes(24).toString('base64url'))\"",
    }),
    WEBCHAT_EXIT_URL: z
      .url({ protocol: /^https?$/, message: "WEBCHAT_EXIT_URL must be an http(s) URL, e.g. https://www.google.com/" })
      .default("https://www.google.com/"),
    /** Send limits per channel for the whole deployment (every instance shares them): sends a second, overall and per chat. */
    SEND_TELEGRAM_PER_SECOND: rate("SEND_TELEGRAM_PER_SECOND", 30),
    SEND_TELEGRAM_PER_CHAT_PER_SECOND: rate("SEND_TELEGRAM_PER_CHAT_PER_SECOND", 1),
    /** Messages one chat may get at once (a turn's replies) before the per-chat rate applies. */
    SEND_TELEGRAM_PER_CHAT_BURST: burst("SEND_TELEGRAM_PER_CHAT_BURST", 3),
    SEND_ZALO_PER_SECOND: rate("SEND_ZALO_PER_SECOND", 10),
    SEND_ZALO_PER_CHAT_PER_SECOND: rate("SEND_ZALO_PER_CHAT_PER_SECOND", 1),
    SEND_ZALO_PER_CHAT_BURST: burst("SEND_ZALO_PER_CHAT_BURST", 3),
  })
  .superRefine((env, ctx) => {
    if (env.DATABASE_DIRECT_URL && !env.DATABASE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["DATABASE_DIRECT_URL"],
        message:
          "DATABASE_DIRECT_URL is only for PostgreSQL behind a pooler: set DATABASE_URL (the pooler's address) too, or unset both for the embedded database",
      });
    }
    if (env.CRISIS_SECOND_PING_MINUTES <= env.CRISIS_CLAIM_TARGET_MINUTES) {
      ctx.addIssue({
        code: "custom",
        path: ["CRISIS_SECOND_PING_MINUTES"],
        message: "CRISIS_SECOND_PING_MINUTES must be later than CRISIS_CLAIM_TARGET_MINUTES",
      });
    }
    if (env.NODE_ENV !== "production") return;
    for (const key of ["ENCRYPTION_KEY", "HMAC_KEY"] as const) {
      if (!env[key]) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `${key} is required when NODE_ENV=production (keys are only generated for local use). Make one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`,
        });
      }
    }
  });

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Parses the environment once; throws ConfigError listing every problem. */
export function parseEnv(source: Record<string, string | undefined>): Readonly<Env> {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`));
  }
  return Object.freeze(result.data);
}
