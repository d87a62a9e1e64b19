// Building the adapter's grammY bot: the API client with its retry cap, the update pipeline in its order
// (edge check → in-flight tracking → per-chat sequencing → the update handler), and the start-up calls
// (getMe, commands).
import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type Context, type MiddlewareFn } from "grammy";
import type { Update } from "grammy/types";
import { AppError } from "../../shared/errors/app-error.ts";
import type { Translator } from "../../shared/i18n/index.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import { botApiFetch } from "./bot-api-transport.ts";
import { checkUpdate, logUnusableUpdate } from "./check-update.ts";
import { describeError } from "./describe-error.ts";
import { createUpdateHandler, type UpdateHandlerOptions } from "./handle-update.ts";
import { setBotCommands } from "./set-commands.ts";

// Retry cap: 5xx backs off 3 s, 6 s, 12 s; then the send fails. A 429 is never waited out here
// (maxDelaySeconds 0): the sender owns retry_after, so it pauses the channel's whole budget instead of
// one request sleeping while the others keep hitting the limit (core/outbox/sender.ts).
// Network errors are not retried here (the plugin would retry them forever); the runner retries its own.
const RETRY = { maxRetryAttempts: 3, maxDelaySeconds: 0, rethrowHttpErrors: true };

/** `apiRoot`: e.g. https://api.telegram.org or a fake's URL; a trailing "/" is dropped. */
export function createBot(token: string, apiRoot: string): Bot {
  const bot = new Bot(token, { client: { apiRoot: apiRoot.replace(/\/+$/, ""), timeoutSeconds: 75, fetch: botApiFetch as unknown as typeof fetch } });
  bot.api.config.use(autoRetry(RETRY));
  return bot;
}

/**
 * Installs the update pipeline. Must run before any other `bot.use`. Returns `drain`, which resolves once no
 * update is being handled (the runner's stop and the webhook's 503 do not wait for them).
 */
export function installUpdatePipeline(bot: Bot, options: UpdateHandlerOptions): () => Promise<void> {
  bot.use(edgeCheck(options.logger));
  const drain = trackInFlight(bot);
  // Per-chat order: updates of one chat run one after another, different chats in parallel.
  bot.use(sequentialize((ctx: Context) => chatKey(ctx.update)));
  bot.use(createUpdateHandler(options));
  bot.catch((err) => options.logger.error({ updateId: err.ctx.update.update_id, err: describeError(err.error, options.token) }, "telegram: update crashed"));
  return drain;
}

/**
 * Drops updates with a field the bot cannot use before anything else in grammY touches them. The
 * webhook already refused them (check-update.ts); long polling (the runner) hands every fetched update
 * to bot.handleUpdate, so this is where polling is checked. Dropped updates are still confirmed to
 * Telegram by the runner's next offset, as the webhook's 200 confirms them.
 */
function edgeCheck(logger: UpdateHandlerOptions["logger"]): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const check = checkUpdate(ctx.update);
    if (check.kind === "usable") return await next();
    if (check.kind === "unusable") logUnusableUpdate(logger, check, "pipeline");
    else logger.warn({ field: check.field, issue: check.issue }, "telegram: fetched something that is not an update; ignored");
  };
}

/** The sequencing key, from checked fields only (grammY's ctx.chat also reads update kinds nobody checked). */
function chatKey(update: Update): string | undefined {
  const id = update.message?.chat.id ?? update.callback_query?.message?.chat.id ?? update.callback_query?.from.id ?? update.my_chat_member?.chat.id;
  return id === undefined ? undefined : String(id);
}

function trackInFlight(bot: Bot): () => Promise<void> {
  const inFlight = new Set<Promise<void>>();
  bot.use(async (_ctx, next) => {
    const task = next();
    inFlight.add(task);
    try {
      await task;
    } finally {
      inFlight.delete(task);
    }
  });
  return async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };
}

/** getMe (an AppError when Telegram refuses the token), then the command menu (a failure there is only logged). */
export async function initBot(bot: Bot, { translator, logger, token }: { translator: Translator; logger: Logger; token: string }): Promise<void> {
  try {
    await bot.init();
  } catch (error) {
    throw new AppError("upstream_failed", `Telegram getMe failed; check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT (${describeError(error, token).message})`);
  }
  await setBotCommands(bot.api, translator).catch((error: unknown) => {
    logger.warn({ err: describeError(error, token) }, "telegram: setMyCommands failed; the command menu may be stale");
  });
}
