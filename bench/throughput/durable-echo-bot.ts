// The second reference for bench/throughput.ts (PostgreSQL only): the bare grammY echo bot made to keep
// issue 14's two rules about storage and nothing more, in the fewest round trips we know, so the cost of
// those rules alone can be told from the cost of the product:
//   accept durably — the update is committed to an inbox (one statement, deduplicated on update_id)
//                    before the webhook answers; settlements of earlier sends ride in the same statement;
//   one turn, one transaction — BEGIN, the chat's advisory lock and the read of its oldest unhandled
//                    message in one round trip; handled mark, state and the reply's outbox row with COMMIT
//                    in a second; then the send.
// No encryption, no flows, no triage, no logging, no recovery of what a crash leaves: a floor, not a bot.
// Same web stack as echo-bot.ts (Hono, grammY's Hono adapter with a secret token) and a pg pool of 10, as
// the product's turn pool. Env: as echo-bot.ts, plus DATABASE_URL. Prints "ready" when listening.
import { serve } from "@hono/node-server";
import { Bot, webhookCallback } from "grammy";
import { Hono } from "hono";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
pool.on("error", () => undefined);
await pool.query(`
  CREATE TABLE IF NOT EXISTS floor_inbox (id bigserial PRIMARY KEY, chat bigint NOT NULL, update_id bigint NOT NULL UNIQUE, body text NOT NULL, handled_at timestamptz);
  CREATE INDEX IF NOT EXISTS floor_inbox_unhandled ON floor_inbox (chat, id) WHERE handled_at IS NULL;
  CREATE TABLE IF NOT EXISTS floor_state (chat bigint PRIMARY KEY, turns integer NOT NULL);
  CREATE TABLE IF NOT EXISTS floor_outbox (id bigserial PRIMARY KEY, chat bigint NOT NULL, body text NOT NULL, status text NOT NULL DEFAULT 'pending', lease timestamptz)`);

const ACCEPT = {
  name: "floor_accept",
  text: `WITH settled AS (UPDATE floor_outbox SET status = 'sent' WHERE id = ANY($4::bigint[]) RETURNING 1),
         accepted AS (INSERT INTO floor_inbox (chat, update_id, body) VALUES ($1, $2, $3) ON CONFLICT (update_id) DO NOTHING RETURNING id)
         SELECT id::text FROM accepted`,
};
/** Outbox rows sent since the last accept: settled by the next one. */
let sent: string[] = [];

const bot = new Bot(process.env.TELEGRAM_BOT_TOKEN ?? "", { client: { apiRoot: process.env.TELEGRAM_API_ROOT } });
bot.on("message:text", async (ctx) => {
  const chat = Number(ctx.chat.id);
  const settling = sent;
  sent = [];
  const accepted = await pool.query({ ...ACCEPT, values: [chat, ctx.update.update_id, ctx.message.text, settling] }).catch((error: unknown) => {
    sent.push(...settling);
    throw error;
  });
  if (accepted.rows.length === 0) return; // a redelivery
  const client = await pool.connect();
  let reply: { id: string; text: string } | undefined;
  try {
    const opened = (await client.query(
      `BEGIN; SELECT pg_advisory_xact_lock(${chat}); SELECT id::text, body FROM floor_inbox WHERE chat = ${chat} AND handled_at IS NULL ORDER BY id LIMIT 1`,
    )) as unknown as pg.QueryResult[];
    const inbound = opened[2]!.rows[0] as { id: string; body: string } | undefined;
    if (inbound) {
      const closed = (await client.query(
        `WITH handled AS (UPDATE floor_inbox SET handled_at = now() WHERE id = ${inbound.id} RETURNING 1),
              state AS (INSERT INTO floor_state (chat, turns) VALUES (${chat}, 1) ON CONFLICT (chat) DO UPDATE SET turns = floor_state.turns + 1 RETURNING 1),
              outbox AS (INSERT INTO floor_outbox (chat, body, lease) VALUES (${chat}, ${pg.escapeLiteral(inbound.body)}, now() + interval '2 minutes') RETURNING id)
         SELECT id::text FROM outbox; COMMIT`,
      )) as unknown as pg.QueryResult[];
      reply = { id: (closed[0]!.rows[0] as { id: string }).id, text: inbound.body };
    } else await client.query("COMMIT");
    client.release();
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    client.release(true);
    throw error;
  }
  if (reply) {
    await ctx.reply(reply.text);
    sent.push(reply.id);
  }
});
await bot.init();
const app = new Hono();
app.post("/", webhookCallback(bot, "hono", { secretToken: process.env.WEBHOOK_SECRET }));
app.get("/healthz", (c) => c.text("ok"));
const server = serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" }, () => console.log(JSON.stringify({ msg: "ready" })));
process.on("SIGTERM", () => server.close(() => void pool.end().then(() => process.exit(0))));
